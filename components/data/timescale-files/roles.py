#!/usr/bin/env python3
# Creates the roles, the database and its schema; run at every instance's first boot, on a
# volume that may already hold them, so every statement is idempotent. Passwords come from
# Secrets Manager and reach PostgreSQL only as SCRAM verifiers, through psql's standard input: never in an argument, an
# environment variable, a log line or a logged statement.
"""Creates the TimescaleDB admin and application roles, the database and its schema, idempotently.

The application's roles follow decision 0022: a NOLOGIN owner (<user>_owner) owns the schema and
its objects; the two logins that the multi-user rotation alternates (<user> and <user>_clone)
are both created here, members of the owner, and start every session in the database as the
owner with the schema on their search path.
"""
import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys

import boto3

REGION, PORT, DATABASE, ADMIN_SECRET_ARN, APP_SECRET_ARN = sys.argv[1:6]
# The extension the database needs: an argument so that a test can run this script on a server
# without TimescaleDB, with an extension it has.
EXTENSION = sys.argv[6] if len(sys.argv) > 6 else "timescaledb"
SCHEMA = "app"
OBJECT_KINDS = ("TABLES", "SEQUENCES", "FUNCTIONS", "TYPES")


def secret(arn):
    client = boto3.client("secretsmanager", region_name=REGION)
    try:
        value = json.loads(client.get_secret_value(SecretId=arn)["SecretString"])
    except ValueError:
        # json's message quotes none of the text, but say nothing of it anyway.
        sys.exit("hse-timescale-roles: secret " + arn + " is not JSON")
    if not isinstance(value, dict) or not isinstance(value.get("username"), str) or not isinstance(value.get("password"), str):
        sys.exit("hse-timescale-roles: secret " + arn + " has no username and password")
    return value


def verifier(password, iterations=4096):
    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    stored = hashlib.sha256(hmac.new(salted, b"Client Key", "sha256").digest()).digest()
    server = hmac.new(salted, b"Server Key", "sha256").digest()
    b64 = lambda b: base64.b64encode(b).decode()
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored)}:{b64(server)}"


def ident(name):
    return '"' + name.replace('"', '""') + '"'


def literal(text):
    return "'" + text.replace("'", "''") + "'"


def psql(sql, database="postgres", query=False):
    command = ["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-p", PORT, "-d", database]
    if query:
        command += ["-tA"]
    return subprocess.run(command, input=sql, text=True, check=True, capture_output=query).stdout


def ensure_role(name, attributes, password_of_new_role=None):
    """Creates the role if missing; one that exists keeps its password (rotation's now)."""
    secret_clause = " PASSWORD " + literal(verifier(password_of_new_role)) if password_of_new_role is not None else " PASSWORD NULL"
    psql(
        "DO $body$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = " + literal(name) + ") THEN "
        + "CREATE ROLE " + ident(name) + " WITH " + attributes + secret_clause + "; "
        + "END IF; END $body$;"
    )


def administer(admin, roles):
    """The admin rotates the logins' passwords: PostgreSQL 16 and later ask for ADMIN OPTION,
    given without the roles' privileges; before 16, CREATEROLE is enough (and the options do not parse)."""
    if int(psql("SHOW server_version_num;", query=True).strip()) >= 160000:
        psql("GRANT " + ", ".join(map(ident, roles)) + " TO " + ident(admin) + " WITH ADMIN OPTION, INHERIT FALSE, SET FALSE;")


def application_roles(user, password):
    owner, logins = user + "_owner", [user, user + "_clone"]
    ensure_role(owner, "NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT")
    # The clone has no password until the rotation's setSecret finds it and gives it one.
    ensure_role(logins[0], "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT", password)
    ensure_role(logins[1], "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT")
    psql("GRANT " + ident(owner) + " TO " + ", ".join(map(ident, logins)) + ";")
    return owner, logins


def database_sql(owner, logins):
    """In the database: the extension, the schema the owner owns, what logins created before
    this model moved to the owner, and each login's session settings and default privileges."""
    schema, db, owner_id, login_ids = ident(SCHEMA), ident(DATABASE), ident(owner), ", ".join(map(ident, logins))
    statements = [
        "CREATE EXTENSION IF NOT EXISTS " + ident(EXTENSION),
        "CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION " + owner_id,
        "ALTER SCHEMA " + schema + " OWNER TO " + owner_id,
        "REASSIGN OWNED BY " + login_ids + " TO " + owner_id,
        "REVOKE ALL ON SCHEMA " + schema + " FROM " + login_ids,
    ]
    for login in logins:
        statements.append("ALTER ROLE " + ident(login) + " IN DATABASE " + db + " SET search_path = " + schema)
        statements.append("ALTER ROLE " + ident(login) + " IN DATABASE " + db + " SET role = " + literal(owner))
    for kind in OBJECT_KINDS:
        statements.append("ALTER DEFAULT PRIVILEGES FOR ROLE " + login_ids + " IN SCHEMA " + schema + " GRANT ALL ON " + kind + " TO " + owner_id)
    return "".join(statement + ";\n" for statement in statements)


def main():
    admin = secret(ADMIN_SECRET_ARN)
    app = secret(APP_SECRET_ARN)
    ensure_role(admin["username"], "LOGIN CREATEROLE CREATEDB", admin["password"])
    owner, logins = application_roles(app["username"], app["password"])
    administer(admin["username"], logins)
    if not psql("SELECT 1 FROM pg_database WHERE datname = " + literal(DATABASE), query=True).strip():
        psql("CREATE DATABASE " + ident(DATABASE) + ";")
    db = ident(DATABASE)
    # The logins connect through the owner; the admin connects to rotate them (the multi-user
    # rotation's master connection goes to the application secret's dbname).
    psql(
        "REVOKE ALL ON DATABASE " + db + " FROM PUBLIC, " + ", ".join(map(ident, logins)) + ";"
        + " GRANT CONNECT, TEMPORARY ON DATABASE " + db + " TO " + ident(owner) + ";"
        + " GRANT CONNECT ON DATABASE " + db + " TO " + ident(admin["username"]) + ";"
    )
    psql(database_sql(owner, logins), database=DATABASE)
    print("hse-timescale-roles: roles, database, schema and extension in place")


if __name__ == "__main__":
    main()

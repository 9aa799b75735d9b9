#!/usr/bin/env python3
# Roles, database and schema, idempotently (each first boot, on a volume that may hold them).
# Passwords reach PostgreSQL only as SCRAM verifiers on psql's stdin. Decision 0022: <user>_owner
# owns the schema; logins <user> and <user>_clone are its members and act as it.
import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys

import boto3

REGION, PORT, DATABASE, ADMIN_SECRET_ARN, APP_SECRET_ARN = sys.argv[1:6]
# An argument so that a test can run this on a server without TimescaleDB.
EXTENSION = sys.argv[6] if len(sys.argv) > 6 else "timescaledb"
LOGIN = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT"


def secret(arn):
    text = boto3.client("secretsmanager", region_name=REGION).get_secret_value(SecretId=arn)["SecretString"]
    try:
        value = json.loads(text)
        return value["username"], value["password"]
    except (ValueError, TypeError, KeyError):
        sys.exit("hse-timescale-roles: secret " + arn + " is not JSON with username and password")


def verifier(secret_text, iterations=4096):
    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", secret_text.encode(), salt, iterations)
    stored = hashlib.sha256(hmac.new(salted, b"Client Key", "sha256").digest()).digest()
    server = hmac.new(salted, b"Server Key", "sha256").digest()
    b64 = lambda b: base64.b64encode(b).decode()
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored)}:{b64(server)}"


def ident(*names):
    return ", ".join('"' + name.replace('"', '""') + '"' for name in names)


def literal(text):
    return "'" + text.replace("'", "''") + "'"


def psql(sql, database="postgres", query=False):
    command = ["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-p", PORT, "-d", database]
    return subprocess.run(command + (["-tA"] if query else []), input=sql, text=True, check=True, capture_output=query).stdout


def ensure_role(name, attributes, secret_text=None):
    """A role that exists is left as it is (its password belongs to rotation now)."""
    clause = "PASSWORD " + (literal(verifier(secret_text)) if secret_text is not None else "NULL")
    psql(f"DO $b$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {literal(name)}) THEN "
         f"CREATE ROLE {ident(name)} WITH {attributes} {clause}; END IF; END $b$;")


admin, admin_secret = secret(ADMIN_SECRET_ARN)
user, user_secret = secret(APP_SECRET_ARN)
owner, clone, db = user + "_owner", user + "_clone", ident(DATABASE)
logins = ident(user, clone)
ensure_role(admin, "LOGIN CREATEROLE CREATEDB", admin_secret)
ensure_role(owner, "NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT")
ensure_role(user, LOGIN, user_secret)
ensure_role(clone, LOGIN)
psql(f"GRANT {ident(owner)} TO {logins};")
# The admin rotates the logins: ADMIN OPTION from PostgreSQL 16 (these options do not parse on 15).
if int(psql("SHOW server_version_num;", query=True)) >= 160000:
    psql(f"GRANT {logins} TO {ident(admin)} WITH ADMIN OPTION, INHERIT FALSE, SET FALSE;")
if not psql("SELECT 1 FROM pg_database WHERE datname = " + literal(DATABASE), query=True).strip():
    psql(f"CREATE DATABASE {db};")
# Logins connect through the owner; the admin too, to rotate them (at the secret's dbname).
psql(f"REVOKE ALL ON DATABASE {db} FROM PUBLIC, {logins}; GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {ident(owner)};"
     f" GRANT CONNECT ON DATABASE {db} TO {ident(admin)};")
sql = [
    f"CREATE EXTENSION IF NOT EXISTS {ident(EXTENSION)}",
    f"CREATE SCHEMA IF NOT EXISTS app AUTHORIZATION {ident(owner)}",
    f"ALTER SCHEMA app OWNER TO {ident(owner)}",
    # What a login created before this model moves to the owner.
    f"REASSIGN OWNED BY {logins} TO {ident(owner)}",
    f"REVOKE ALL ON SCHEMA app FROM {logins}",
]
for login in (user, clone):
    sql += [f"ALTER ROLE {ident(login)} IN DATABASE {db} SET {setting}" for setting in ("search_path = app", "role = " + literal(owner))]
# After RESET ROLE, what a login creates stays usable by the other.
sql += [f"ALTER DEFAULT PRIVILEGES FOR ROLE {logins} IN SCHEMA app GRANT ALL ON {kind} TO {ident(owner)}" for kind in ("TABLES", "SEQUENCES", "FUNCTIONS", "TYPES")]
psql("".join(statement + ";\n" for statement in sql), database=DATABASE)
print("hse-timescale-roles: roles, database, schema and extension in place")

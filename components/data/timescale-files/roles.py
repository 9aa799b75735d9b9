#!/usr/bin/env python3
# Creates the roles and the database once. Passwords come from Secrets Manager and reach
# PostgreSQL only as SCRAM verifiers, through psql's standard input: never in an argument, an
# environment variable, a log line or a logged statement.
"""Creates the TimescaleDB admin and application roles and the database, once."""
import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys

import boto3

REGION, PORT, DATABASE, ADMIN_SECRET_ARN, APP_SECRET_ARN = sys.argv[1:6]


def secret(arn):
    client = boto3.client("secretsmanager", region_name=REGION)
    return json.loads(client.get_secret_value(SecretId=arn)["SecretString"])


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


def ensure_role(name, password, attributes):
    sql = (
        "DO $body$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = " + literal(name) + ") THEN "
        + "CREATE ROLE " + ident(name) + " WITH LOGIN " + attributes + " PASSWORD " + literal(verifier(password)) + "; "
        + "END IF; END $body$;"
    )
    psql(sql)


admin = secret(ADMIN_SECRET_ARN)
app = secret(APP_SECRET_ARN)
ensure_role(admin["username"], admin["password"], "CREATEROLE CREATEDB")
ensure_role(app["username"], app["password"], "NOSUPERUSER NOCREATEDB NOCREATEROLE")
# The admin rotates the application user (multi-user rotation creates <user>_clone).
psql("GRANT " + ident(app["username"]) + " TO " + ident(admin["username"]) + " WITH ADMIN OPTION, INHERIT FALSE, SET FALSE;")
if not psql("SELECT 1 FROM pg_database WHERE datname = " + literal(DATABASE), query=True).strip():
    psql("CREATE DATABASE " + ident(DATABASE) + ";")
role, db = ident(app["username"]), ident(DATABASE)
psql(
    "REVOKE ALL ON DATABASE " + db + " FROM PUBLIC; GRANT CONNECT, TEMPORARY ON DATABASE " + db + " TO " + role + ";"
    + " CREATE EXTENSION IF NOT EXISTS timescaledb; CREATE SCHEMA IF NOT EXISTS app;"
    + " GRANT USAGE, CREATE ON SCHEMA app TO " + role + ";"
    + " ALTER ROLE " + role + " IN DATABASE " + db + " SET search_path = app;",
    database=DATABASE,
)
print("hse-timescale-roles: roles, database and extension in place")

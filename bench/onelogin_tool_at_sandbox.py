#!/usr/bin/python3
"""Runs OneLogin's own Python tool (onelogin-aws-assume-role 2.0.2) against the SamlAssume sandbox, for bench/run.sh.

Usage: onelogin_tool_at_sandbox.py [the tool's own arguments]
Environment:
  ONELOGIN_AWS_ASSUME_ROLE_SRC  a checkout of github.com/onelogin/onelogin-python-aws-assume-role (its src/ is imported)
  ONELOGIN_SANDBOX_URL          the sandbox's base, e.g. http://127.0.0.1:5000
  AWS_ENDPOINT_URL_STS          the sandbox's STS endpoint (botocore >= 1.31 reads it itself; Debian 12's 1.29 does not)
  ONELOGIN_TOOL_ANSWERS         lines the tool reads from stdin at its prompts, separated by ';' (e.g. the MFA device
                                number); a prompt beyond them ends the run with exit code 3 instead of the tool's
                                endless re-prompt on an empty stdin

The tool does all its own work: its imports (boto3, lxml, yaml, keyring, requests), OAuth token, SAML assertion, MFA
verify, role choice from the assertion, boto3 AssumeRoleWithSAML, writing the credentials file. The launcher changes
only where it sends requests: the tool hard-codes https://<subdomain>.onelogin.com in module constants, and its STS
client takes no endpoint.
"""
import io
import os
import sys

# A keyring backend that stores nothing, so the tool never touches a real keychain (it only asks one when given
# --keychain-service, which the bench does not pass).
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

sys.path.insert(0, os.path.join(os.environ["ONELOGIN_AWS_ASSUME_ROLE_SRC"], "src"))
from aws_assume_role import onelogin_client  # noqa: E402  (the tool's own modules, imported after sys.path is set)
from aws_assume_role import aws_assume_role as tool  # noqa: E402

base = os.environ["ONELOGIN_SANDBOX_URL"].rstrip("/")
# The templates are formatted with the subdomain first ("api.us"); "%.0s" consumes it and prints nothing, so each
# request keeps the tool's own path and lands on the sandbox.
onelogin_client.TOKEN_REQUEST_URL = base + "%.0s/auth/oauth2/v2/token"
onelogin_client.GET_SAML_ASSERTION_URL = base + "%.0s/api/%s/saml_assertion"
onelogin_client.GET_SAML_VERIFY_FACTOR = base + "%.0s/api/%s/saml_assertion/verify_factor"
onelogin_client.GET_OTP_DEVICES_URL = base + "%.0s/api/1/users/%s/otp_devices"

sts_endpoint = os.environ.get("AWS_ENDPOINT_URL_STS")
if sts_endpoint:
    create_client = tool.boto3.client

    def client_at_sandbox(service_name, *args, **kwargs):
        if service_name == "sts":
            kwargs.setdefault("endpoint_url", sts_endpoint)
        return create_client(service_name, *args, **kwargs)

    tool.boto3.client = client_at_sandbox


class Answers(io.StringIO):
    """The typed answers; at their end the run stops, since the tool re-prompts forever on an empty stdin."""

    def readline(self, size=-1):
        line = super().readline(size)
        if not line:
            print("onelogin_tool_at_sandbox: the tool asked for more input than ONELOGIN_TOOL_ANSWERS gives",
                  file=sys.stderr)
            sys.exit(3)
        return line


answers = os.environ.get("ONELOGIN_TOOL_ANSWERS")
if answers is not None:
    sys.stdin = Answers("".join(a + "\n" for a in answers.split(";")))

sys.argv[0] = "onelogin-aws-assume-role"
tool.main()

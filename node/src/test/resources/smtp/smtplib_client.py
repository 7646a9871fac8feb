"""An independent SMTP client for SmtpServerIT: Python's smtplib sends one message over STARTTLS and AUTH.

Usage: smtplib_client.py HOST PORT MESSAGE_FILE. Prints one line per step; exits non-zero on any error.
"""
import smtplib
import ssl
import sys

host, port, message_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(message_file, "rb") as f:
    message = f.read()

# The server's certificate is made by the test and self-signed: this checks the protocol, not the PKI.
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE

with smtplib.SMTP(host, port, local_hostname="client.example", timeout=20) as client:
    code, _ = client.ehlo()
    print("ehlo", code, "starttls" if client.has_extn("starttls") else "no-starttls")
    code, _ = client.starttls(context=context)
    print("starttls", code)
    code, _ = client.ehlo()
    print("ehlo-tls", code, "starttls" if client.has_extn("starttls") else "no-starttls",
          "auth=" + client.esmtp_features.get("auth", "").strip())
    code, _ = client.login("alice", "secret")
    print("auth", code)
    refused = client.sendmail("alice@example.com", ["bob@example.com"], message)
    print("sendmail refused", len(refused))
    code, _ = client.quit()
    print("quit", code)

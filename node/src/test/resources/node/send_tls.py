"""Sends one message with Python's smtplib from a given source address, anonymously or after AUTH, in clear
or after STARTTLS, optionally presenting a client certificate.

Usage: send_tls.py HOST PORT SOURCE_ADDRESS SENDER RECIPIENT [--cafile PEM] [--cert PEM --key PEM]
                   [--user USER --password PASSWORD]
With --cafile the session does STARTTLS and verifies the server's certificate against PEM (host name not
checked: tests connect to addresses). Prints "sent <code> <text>" or "refused <code> <text>" and exits 0;
any other failure exits 1.
"""
import argparse
import smtplib
import ssl

parser = argparse.ArgumentParser()
for name in ("host", "port", "source", "sender", "recipient"):
    parser.add_argument(name)
for option in ("--cafile", "--cert", "--key", "--user", "--password"):
    parser.add_argument(option)
args = parser.parse_args()

message = ("From: <%s>\r\nTo: <%s>\r\nSubject: hello from smtplib\r\n\r\n.a line that starts with a dot\r\nbye\r\n"
           % (args.sender, args.recipient)).encode("ascii")
with smtplib.SMTP(args.host, int(args.port), local_hostname="client.test", source_address=(args.source, 0),
                  timeout=30) as client:
    try:
        client.ehlo()
        if args.cafile:
            context = ssl.create_default_context(cafile=args.cafile)
            context.check_hostname = False
            if args.cert:
                context.load_cert_chain(args.cert, args.key)
            client.starttls(context=context)
            client.ehlo()
        if args.user:
            client.login(args.user, args.password)
        code, text = client.mail(args.sender)
        if code >= 300:
            print("refused", code, text.decode("ascii", "replace"))
            raise SystemExit(0)
        code, text = client.rcpt(args.recipient)
        if code >= 300:
            print("refused", code, text.decode("ascii", "replace"))
            raise SystemExit(0)
        code, text = client.data(message)
        print("sent" if code == 250 else "refused", code, text.decode("ascii", "replace"))
    except smtplib.SMTPResponseException as e:
        print("refused", e.smtp_code, e.smtp_error.decode("ascii", "replace"))

"""Sends one message with Python's smtplib from a given source address, anonymously or after AUTH.

Usage: send_one.py HOST PORT SOURCE_ADDRESS SENDER RECIPIENT [USER PASSWORD]
Prints "sent <code> <text>" or "refused <code> <text>" and exits 0; any other failure exits 1.
"""
import smtplib
import sys

host, port, source, sender, recipient = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
credentials = sys.argv[6:8]
message = ("From: <%s>\r\nTo: <%s>\r\nSubject: hello from smtplib\r\n\r\n.a line that starts with a dot\r\nbye\r\n"
           % (sender, recipient)).encode("ascii")
with smtplib.SMTP(host, port, local_hostname="client.test", source_address=(source, 0), timeout=30) as client:
    client.ehlo()
    try:
        if credentials:
            client.login(credentials[0], credentials[1])
        client.mail(sender)
        code, text = client.rcpt(recipient)
        if code >= 300:
            print("refused", code, text.decode("ascii", "replace"))
            sys.exit(0)
        code, text = client.data(message)
        print("sent" if code == 250 else "refused", code, text.decode("ascii", "replace"))
    except smtplib.SMTPResponseException as e:
        print("refused", e.smtp_code, e.smtp_error.decode("ascii", "replace"))

#!/usr/bin/env python3
# A local SMTP sink (python 3.11 smtpd): prints each message's envelope and body to OUT. usage: smtp_sink.py PORTFILE OUT
import asyncore, smtpd, sys, socket
class Sink(smtpd.SMTPServer):
    def process_message(self, peer, mailfrom, rcpttos, data, **kw):
        with open(sys.argv[2], "a") as f:
            f.write("MAIL FROM %s RCPT TO %s\n%s\n-----\n" % (mailfrom, rcpttos, data.decode("utf-8", "replace") if isinstance(data, bytes) else data))
s = Sink(("127.0.0.1", 0), None, decode_data=False)
open(sys.argv[1], "w").write(str(s.socket.getsockname()[1]))
asyncore.loop()

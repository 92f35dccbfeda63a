"""An ordinary IMAP session through Python's imaplib: LOGIN, CREATE, APPEND, SELECT,
FETCH, STORE, SEARCH, EXPUNGE, LOGOUT. Exits non-zero on the first unexpected answer."""
import imaplib
import sys

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]


def ok(result, what):
    typ, data = result
    if typ != "OK":
        sys.exit(f"{what} failed: {typ} {data}")
    return data


imap = imaplib.IMAP4(host, port)
ok(imap.login(user, password), "LOGIN")
ok(imap.create("Python/Tests"), "CREATE")
messages = [
    b"From: py@example.com\r\nSubject: one\r\n\r\nfirst body\r\n",
    b"From: py@example.com\r\nSubject: two\r\n\r\nsecond body\r\n",
    b"From: py@example.com\r\nSubject: three\r\n\r\nthird body\r\n",
]
for i, msg in enumerate(messages):
    flags = "(\\Flagged)" if i == 1 else None
    ok(imap.append("Python/Tests", flags, imaplib.Time2Internaldate(1700000000 + i), msg), "APPEND")
count = ok(imap.select("Python/Tests"), "SELECT")
assert count == [b"3"], count
data = ok(imap.fetch("2", "(RFC822 FLAGS)"), "FETCH")
assert data[0][1] == messages[1], data
assert b"\\Seen" in data[1] and b"\\Flagged" in data[1], data
ok(imap.store("1", "+FLAGS", "(\\Deleted)"), "STORE")
assert ok(imap.search(None, "FLAGGED"), "SEARCH") == [b"2"]
assert ok(imap.search(None, "UNSEEN"), "SEARCH") == [b"1 3"]
assert ok(imap.search(None, "DELETED"), "SEARCH") == [b"1"]
typ, data = imap.expunge()
assert typ == "OK" and data == [b"1"], data
data = ok(imap.uid("FETCH", "1:*", "(UID BODY.PEEK[])"), "UID FETCH")
bodies = [part[1] for part in data if isinstance(part, tuple)]
assert bodies == messages[1:], bodies
ok(imap.close(), "CLOSE")
typ, _ = imap.logout()
assert typ == "BYE", typ
print("imaplib flow ok")

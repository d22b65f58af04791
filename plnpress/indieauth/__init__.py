"""IndieAuth for the one writer of the blog, in ``plnpress server`` (the 2022 specification).

Apps (Quill, Indigenous, iA Writer, ...) send the writer here to sign in; the writer types the
password set with ``plnpress server password``, sees what the app asks to do, and allows it; the
app gets an access token for Micropub. Modules, in the order a sign-in meets them:

- `routes`: the endpoints; `pages`: what the writer sees (in the receiver's strict-CSP frame);
- `authorization`: the request checked (PKCE required), kept while the writer signs in;
- `clients`: the app's ``client_id``, its page, and where it may be sent back;
- `passwords`: the scrypt hash; `store`: tokens, codes and the password in SQLite;
- `verify`: is a token good (this server's, or another IndieAuth server's);
- `service`: the running parts together (`service.Authority`).
"""

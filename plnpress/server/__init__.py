"""``plnpress server``: the blog's own server, one ASGI app for everything the blog receives.

- ``/webmention``: the receiver (`plnpress.receiver`), as ``plnpress webmention receive`` runs it;
- ``/micropub`` and ``/micropub/media``: posts from apps (`plnpress.micropub`);
- ``/auth``, ``/token``, ``/.well-known/oauth-authorization-server``: signing in
  (`plnpress.indieauth`).

Modules: `settings` (what one server needs), `blog` (the blog's config, read again when it
changes), `app` (the routes and the lifespan that starts every part).
"""

"""plnpress's own Webmention receiver: ``plnpress webmention receive``.

A small Starlette app that takes Webmentions for the blog's published pages, keeps them in a
SQLite file, checks each source in the background with the code ``pull`` uses
(`plnpress.webmention.harvest.verify`), and offers what it verified as JF2 to ``plnpress webmention
pull``. Modules, in the order a request meets them:

- `app`, `routes`: the ASGI app (`app.make_app`) and its answers; `asgi`: the app configured by
  the environment, for any ASGI server; `server`: uvicorn, for the command and the tests;
- `limits`: rate limits; `validation`: the synchronous checks; `pages`: which targets exist;
- `store`, `database`: the SQLite file and the thread that owns it;
- `worker`, `outcome`: the background checks and what they change; `jf2`: the export's format;
- `buildhook`: starting a site build; `service`: the running parts together;
- `settings`: what one receiver needs to know (`settings.ReceiverSettings`).
"""

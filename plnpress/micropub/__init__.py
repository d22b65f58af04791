"""Micropub in ``plnpress server``: posts, photos and bookmarks from apps, written into the blog.

An app (Quill, Indigenous, iA Writer, a Micro.blog app, a bookmarklet) signs in through
`plnpress.indieauth` and sends posts here; each becomes the file ``plnpress new`` would write,
checked as the build will check it before anything is written, then published. Modules, in the
order a request meets them:

- `routes`: the endpoints; `request`: a request of any encoding read into one shape;
- `properties`: Microformats properties to front matter and back; `markup`: HTML kept but
  defused, text with its raw HTML made inert;
- `posts`: create, update, delete, undelete (`frontedit`: a few keys of a file changed in place);
- `site_index`: which file is at which address; `validation`: the loader's checks of a new file;
- `photos`, `media`: uploads and fetched photos, sniffed, stripped of metadata, stored;
- `publish`, `git`: commit and push, or the build hook; `service`: the running parts together.
"""

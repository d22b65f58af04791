"""The blogroll's network work: the people you read, found, followed and read.

- `discover`: ``blogroll discover``, the feeds people's sites advertise (`feedfinder`);
- `add`: ``blogroll add URL``, a site's owner from its h-card (or title), feed and photo;
- `opml`: ``blogroll import FILE``, a feed reader's subscriptions;
- `suggest`: ``blogroll suggest``, who responded or is linked to but is not listed yet;
- `people`: the blogroll read as the build reads it, and changed only by text edits;
- `read`: ``plnpress read``, every feed fetched at once, conditionally, into the state folder
  (`feeds`: one fetched feed read into cleaned entries).

Every request goes through the guarded client in :mod:`plnpress.fetch`. Reading
``content/blogroll.yaml`` is :mod:`plnpress.content.blogroll`, and what ``read`` keeps is
:mod:`plnpress.content.reading`; the build shows both.
"""

"""The one guarded HTTP client: every fetch of a URL from the outside world goes through here.

Sending and harvesting Webmentions, WebSub, the blogroll, ``new link`` titles and the receiver all
reach the outside world through :class:`~plnpress.fetch.client.GuardedClient`, so the limits live
in one place (timeouts, a size cap, a redirect cap, http and https only, and no loopback, private,
link-local or metadata address, checked after DNS resolution on every hop). This package imports
no feature package: it is a leaf that features import. Tests point it at 127.0.0.1 through the one
switch, ``allow_private_addresses``, or an ``httpx.MockTransport``.

Modules, in the order a fetch meets them:

- `policy`: the limits (`FetchPolicy`, from the config by `policy_for`);
- `client`: `GuardedClient` (async) and `fetch_sync`, following redirects one hop at a time;
- `redirects`: which redirects are followed and what the next request looks like;
- `guard`, `addresses`: the address check inside the connection, and which addresses are refused;
- `body`, `result`: the capped, decoded body and the `FetchResult` a fetch gives back;
- `errors`: what can go wrong (below);
- `linkheader`, `htmlrels`: what a fetched page advertises (``Link`` headers, ``rel`` links).

Every failure of a fetch is a :class:`~plnpress.fetch.errors.FetchError` whose message names
the URL and what went wrong, so a caller can report ``str(error)`` as it is::

    FetchError                  no response: the base of everything below (.url)
    ├── FetchRefused            the guard would not fetch it (.reason, .address)
    │   └── UnsupportedScheme   not http or https (the URL, or a redirect)
    ├── InvalidURL              the URL or a redirect's Location cannot be parsed, or has no host
    ├── FetchTimeout            connecting, reading, or the whole fetch took too long
    ├── TooManyRedirects        more redirects than the policy's max_redirects
    │   └── RedirectLoop        a redirect back to a URL already visited
    ├── NetworkError            DNS failure, refused or reset connection, malformed HTTP
    └── BadResponse             the body cannot be decoded (an unknown Content-Encoding)

A body longer than the cap is not an error: it comes back cut, with ``truncated=True``. An HTTP
error status is not an error either: it is a response, for the caller to judge.
"""

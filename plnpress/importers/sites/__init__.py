"""``plnpress import jekyll|hugo|pelican|eleventy SOURCE_DIR``: another generator's site folder.

- ``headers``: a source file's front matter, in YAML (``---``), TOML (``+++``) or Pelican's
  ``Key: value`` lines, with the line of each key;
- ``layouts``: where each generator keeps posts, drafts, pages, bundles and static files, and
  what its config says about addresses;
- ``old_urls``: the address each post had, from the generator's permalink patterns;
- ``front``: foreign front matter keys mapped to plnpress's, values checked as the build will;
- ``template_tags``: the common template tags converted, the rest left and warned about;
- ``run``: the import, top to bottom.
"""

"""What each page of the built site is (an entry, the home page, a tag list, ...), by the build's
own page plan: a post whose template lost its ``h-entry`` is still known to be a post.

The plan is made from the blog's content as it is now, drafts and future entries included (the
site may have been built with ``--drafts``). A page the plan does not know (a file of the
writer's own in ``content/static/``, or one left from content removed since) has no kind, and is
checked for markup and links only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from plnpress.config import Config
from plnpress.content import ContentOptions, load_site
from plnpress.content.discovery import SourceFile
from plnpress.content.loader import FileLoad, Loaded, load_file
from plnpress.content.rendered import RenderedMarkdown
from plnpress.errors import ProblemLog
from plnpress.render.plan import plan_pages

_EVERY_ENTRY = ContentOptions(drafts=True, future=True)


def page_kinds(config: Config) -> tuple[Mapping[str, str], Mapping[str, str]]:
    """The kind (``PageJob.kind``) of every page the build plans, and the content file behind
    each page that has one (``PageJob.source``), by output file."""
    log = ProblemLog()  # problems in the content are for plnpress build to report
    site = load_site(config, _EVERY_ENTRY, log, _FrontMatterOnly())
    jobs = plan_pages(site)
    return {job.output: job.kind for job in jobs}, {
        job.output: job.source for job in jobs if job.source and job.kind in ("entry", "page")
    }


class _FrontMatterOnly:
    """Reads each content file without rendering its Markdown: which pages exist and what they
    are follows from the front matter and the file names alone, and rendering is most of the
    time it takes to read a blog."""

    def restore(self, source: SourceFile) -> Loaded | None:
        return None

    def load(
        self, sources: Sequence[SourceFile], config: Config, options: ContentOptions
    ) -> list[FileLoad]:
        return [
            load_file(source, source.path.read_bytes(), config, options, _no_body)
            for source in sources
        ]


def _no_body(body: str, base_path: str) -> RenderedMarkdown:
    return RenderedMarkdown(html="", first_paragraph="", links=())

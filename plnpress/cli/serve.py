"""``plnpress serve``."""

from __future__ import annotations

import signal
import webbrowser
from datetime import datetime
from types import FrameType

import click

from plnpress.cli.context import Context, pass_context
from plnpress.cli.output import console, errors, print_problem
from plnpress.serve import DevServer, Outcome, ServeOptions


@click.command("serve")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to serve on (0 picks a free one).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to serve on; 0.0.0.0 lets other devices on your network see the site.",
)
@click.option(
    "--no-drafts",
    is_flag=True,
    help="Leave out drafts and scheduled posts, as 'plnpress build' does.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in your web browser.")
@pass_context
def serve_command(ctx: Context, port: int, host: str, no_drafts: bool, open_browser: bool) -> None:
    """See your blog in the browser while you write.

    Builds the site (drafts and scheduled posts included, marked as such), serves it at
    http://127.0.0.1:8000/ and watches content/, templates/, the theme and plnpress.yaml.
    Every time you save, the site is rebuilt and open pages reload by themselves. If the blog
    does not build, the browser lists the problems until you save a fix.

    Nothing is written to site/: the served pages live in .plnpress-cache/serve/.
    Stop with Ctrl-C (exit code 0).
    """
    options = ServeOptions(host=host, port=port, drafts=not no_drafts)
    server = DevServer(ctx.blog_folder, options, on_outcome=_print_outcome)
    # Ctrl-C and SIGTERM both stop cleanly, even where a shell started us ignoring SIGINT.
    previous = {
        signal.SIGINT: signal.signal(signal.SIGINT, signal.default_int_handler),
        signal.SIGTERM: signal.signal(signal.SIGTERM, _stop),
    }
    try:
        what = "the site as published" if no_drafts else "drafts and scheduled posts included"
        console.print(f"Building the blog in {server.root} ({what})...", markup=False)
        server.start()
        console.print(f"Serving {server.url}  (press Ctrl-C to stop)", markup=False)
        if open_browser:
            webbrowser.open(server.url)
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    console.print("Stopped.", markup=False)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _print_outcome(outcome: Outcome) -> None:
    """One line per rebuild on stdout; problems on stderr as ``path:line: message``."""
    stamp = datetime.now().strftime("%H:%M:%S")
    sources = outcome.changed_sources
    trigger = ""
    if sources:
        more = f" and {len(sources) - 1} more" if len(sources) > 1 else ""
        trigger = f"{sources[0]}{more} changed: "
    if outcome.result is not None:
        for warning in outcome.result.warnings:
            print_problem(warning)
        reload = "; reloading the pages it changed" if outcome.change is not None else ""
        console.print(f"{stamp} {trigger}{outcome.result.summary}{reload}", markup=False)
        return
    assert outcome.failure is not None
    errors.print(f"{stamp} {trigger}the site does not build:", style="bold red", markup=False)
    for line in outcome.failure.lines:
        errors.print(line, style="red", markup=False)
    if outcome.failure.detail:
        errors.print(outcome.failure.detail, markup=False)
    errors.print(
        f"{outcome.failure.summary}. The browser shows these problems until you save a fix.",
        style="bold red",
        markup=False,
    )


COMMANDS = [serve_command]

"""Progress bars for long command-line work, drawn only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(total: int, unit: str, description: str,
             enabled: bool = True) -> Iterator[Callable[[int], None]]:
    """Yields advance(done): it moves a bar on stderr to done of total."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda done: None
        return
    from tqdm import tqdm

    tqdm.monitor_interval = 0   # no monitor thread: worker processes forked later run faster
    with tqdm(total=total, unit=unit, desc=description) as bar:
        yield lambda done: bar.update(done - bar.n)

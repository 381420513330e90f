"""Where the GUI thread's stalls go: a side thread samples every thread's stack every 2 ms while the GUI thread's
heartbeat (a 5 ms timer) is late, and each gap longer than a threshold is kept with the stacks seen during it.

A sample that arrives late itself (the sampler woke long after it asked to) means some thread held the
interpreter lock meanwhile: the other threads' stacks say which call held it. For measuring only (benchmarks,
`FIELDWORK_STALL_SAMPLES=1`); never used by the app.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from types import FrameType

from PySide6.QtCore import QObject, QTimer

BEAT_MS = 5
SAMPLE_S = 0.002
LATE_S = 0.012  # the heartbeat is this late: the GUI thread is stalling, so sample
DEPTH = 7


def _stack(frame: FrameType | None, depth: int = DEPTH) -> str:
    lines: list[str] = []
    while frame is not None and len(lines) < depth:
        code = frame.f_code
        name = code.co_filename.rsplit("/", 2)
        lines.append(f"{'/'.join(name[-2:])}:{frame.f_lineno} {code.co_name}")
        frame = frame.f_back
    return " <- ".join(lines)


@dataclass
class Gap:
    ms: float
    at: float  # seconds since the sampler started
    gui: Counter[str] = field(default_factory=Counter)
    others: Counter[str] = field(default_factory=Counter)
    lock_held_ms: float = 0.0  # the longest the sampler waited beyond its interval (someone held the GIL)
    tag: str = ""  # what the caller said was going on (StallSampler.tag when the gap began)


class StallSampler(QObject):
    """Start before the work, stop after; `report()` lists the gaps over `threshold_ms` with their stacks."""

    def __init__(self, threshold_ms: float = 40.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = threshold_ms / 1000
        self.gui = threading.get_ident()
        self.beat = time.perf_counter()
        self.started = self.beat
        self.gaps: list[Gap] = []
        self.tag = ""  # set by the caller: what is going on now, kept with each gap
        self._tag_at_beat = ""
        self._samples: list[tuple[float, dict[int, str], float]] = []  # (beat it belongs to, stacks, lateness)
        self._running = False
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(BEAT_MS)
        self._timer.timeout.connect(self._beat)

    def start(self) -> None:
        self.beat = self.started = time.perf_counter()
        self._running = True
        self._thread = threading.Thread(target=self._sample, name="stall sampler", daemon=True)
        self._thread.start()
        self._timer.start()

    def stop(self) -> None:
        self._beat()
        self._timer.stop()
        self._running = False
        if self._thread is not None:
            self._thread.join()

    def _beat(self) -> None:
        now = time.perf_counter()
        last, self.beat = self.beat, now
        samples, self._samples = self._samples, []
        tag, self._tag_at_beat = self._tag_at_beat, self.tag
        if now - last < self.threshold:
            return
        gap = Gap((now - last) * 1000, last - self.started, tag=tag)
        for beat, stacks, late in samples:
            if beat != last:
                continue
            gap.lock_held_ms = max(gap.lock_held_ms, late * 1000)
            for ident, stack in stacks.items():
                (gap.gui if ident == self.gui else gap.others)[stack] += 1
        self.gaps.append(gap)

    def _sample(self) -> None:
        me = threading.get_ident()
        while self._running:
            asked = time.perf_counter()
            time.sleep(SAMPLE_S)
            now = time.perf_counter()
            beat = self.beat
            if now - beat < LATE_S:
                continue
            frames = sys._current_frames()
            stacks = {ident: _stack(frame) for ident, frame in frames.items() if ident != me}
            self._samples.append((beat, stacks, now - asked - SAMPLE_S))

    def report(self, top: int = 8, stacks: int = 3) -> str:
        """The longest gaps, each with its most frequent GUI-thread and other-thread stacks."""
        out = [f"{len(self.gaps)} gap(s) over {self.threshold * 1000:.0f} ms"]
        for gap in sorted(self.gaps, key=lambda g: -g.ms)[:top]:
            out.append(f"- {gap.ms:.0f} ms at {gap.at:.2f} s {gap.tag} (sampler held off up to {gap.lock_held_ms:.0f} ms)")
            for stack, count in gap.gui.most_common(stacks):
                out.append(f"    GUI x{count}: {stack}")
            for stack, count in gap.others.most_common(stacks):
                out.append(f"    other x{count}: {stack}")
        return "\n".join(out)

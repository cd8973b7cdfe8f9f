"""Live answers: N students send at once, the lecturer's view polls the tally until it counts N.

This measures the store that the live answers go through, :class:`rothman.core.class_room.
ClassRoom` (one SQLite file in a class folder), as the class server uses it: every student's
page runs in a kernel of its own, so the N senders are N processes, each with its own
``ClassRoom`` on the same folder, and the lecturer's view is one more reader calling
``tally(round)`` every 100 ms. The pages' buttons and the lecturer's page are not part of it.
"""

from __future__ import annotations

import multiprocessing as mp
import statistics
import time
from pathlib import Path

POLL_S = 0.1
ROUND_TIMEOUT_S = 60
START_TIMEOUT_S = 300  # N interpreters importing rothman on a busy machine
MODELS = ("social_action", "social_planning", "locality_development")
ROLES = ("target", "sponsors", "collaborators", None)


def _sender(folder: str, index: int, barrier, round_ids, rounds: int, errors, sends) -> None:
    from rothman.core.class_room import ClassRoom, new_student_token

    room = ClassRoom(folder)
    token = new_student_token()
    for r in range(rounds):
        try:
            barrier.wait(START_TIMEOUT_S)
        except Exception:  # noqa: BLE001 - a broken barrier: the round is recorded as missed
            return
        try:
            model = MODELS[(index + r) % len(MODELS)]
            t0 = time.perf_counter()
            room.send(round_ids[r], token, [model], ROLES[index % len(ROLES)])
            sends.put((r, time.perf_counter() - t0))
        except Exception as exc:  # noqa: BLE001 - counted, and the tally will miss it
            errors.put(f"{type(exc).__name__}: {exc}"[:200])


def measure(n: int, rounds: int, work: Path) -> dict:
    """``rounds`` rounds of ``n`` senders at once; per round, ms until the tally counts ``n``."""
    from rothman import UNSURE, assess, community_variables
    from rothman.core.class_room import ClassRoom

    # A student's kernel has built the explorer before its button is pressed: the course data
    # (and the YAML reader) are loaded. Load them here, before the senders are forked.
    assess(dict.fromkeys((v.key for v in community_variables()), UNSURE)).headline()
    folder = work / "class-room"
    room = ClassRoom(folder)
    round_ids = [room.start_round(case_id="love_canal").id for _ in range(rounds)]
    # forked after the import, so that N interpreters do not start on the shared cores; each
    # sender still opens its own ClassRoom and connections, as a kernel of its own does
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(n + 1)
    errors, sends = ctx.Queue(), ctx.Queue()
    procs = [
        ctx.Process(
            target=_sender, args=(str(folder), i, barrier, round_ids, rounds, errors, sends)
        )
        for i in range(n)
    ]
    for proc in procs:
        proc.start()
    times, missed = [], 0
    try:
        for r, round_id in enumerate(round_ids):
            time.sleep(0.5)  # senders waiting at the barrier, the machine settled
            try:
                barrier.wait(START_TIMEOUT_S)
            except Exception:  # noqa: BLE001 - senders gone or not started: rounds missed
                missed += len(round_ids) - r
                break
            start = time.perf_counter()
            while True:
                counted = room.tally(round_id).answered
                now = time.perf_counter()
                if counted >= n:
                    times.append((now - start) * 1000)
                    break
                if now - start > ROUND_TIMEOUT_S:
                    missed += 1
                    break
                time.sleep(POLL_S)
            print(f"[bench]   round {r + 1}: {counted} of {n} counted after "
                  f"{(now - start) * 1000:.0f} ms", flush=True)  # fmt: skip
    finally:
        barrier.abort()
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)
    problems = []
    while not errors.empty():
        problems.append(errors.get())
    slowest = [0.0] * rounds  # the longest single send() of each round, ms
    while not sends.empty():
        r, seconds = sends.get()
        slowest[r] = max(slowest[r], seconds * 1000)
    return {
        "times": times,
        "missed": missed,
        "errors": sorted(set(problems))[:5],
        "error_count": len(problems),
        "median": statistics.median(times) if times else None,
        "slowest_send": slowest,
    }

"""How long the report PDF takes, beside WeasyPrint alone on the same HTML.

    .venv/bin/python bench/report_pdf.py [--runs N] [--out FILE.pdf]

Uses a throwaway SQLite database, builds a full three-framework assessment with ten
participants (bench/demo_assessment.py), then times:
  - pdf:    reports.pdf.render_pdf (queries, charts, template, WeasyPrint), and
  - floor:  WeasyPrint alone rendering the already-made HTML with the same options.
Prints the median of N runs of each (taken in turn), their ratio and the time per page.
Aim (issue 13): pdf <= 3 s and <= 1.15 x floor on the shared two-core machine.
"""

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", help="Also write the PDF here, to look at it.")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="coprod-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from bench import demo_assessment
    from reports import pdf

    assessment = demo_assessment.build()
    html = pdf.render_html(assessment)
    pdf.render_pdf(assessment)  # warm up: fonts, CSS parsing caches, imports

    def timed(*fns):
        """Median wall and CPU seconds of each, run in turn (a, b, a, b, ...): a slow spell
        of the shared machine then falls on both, not on whichever ran during it."""
        wall, cpu = [[] for _ in fns], [[] for _ in fns]
        for _ in range(args.runs):
            for i, fn in enumerate(fns):
                gc.collect()  # the garbage of the one before is not this one's to collect
                start, start_cpu = time.perf_counter(), time.process_time()
                fn()
                wall[i].append(time.perf_counter() - start)
                cpu[i].append(time.process_time() - start_cpu)
        return [
            (statistics.median(w), statistics.median(c)) for w, c in zip(wall, cpu, strict=True)
        ]

    (full, full_cpu), (floor, floor_cpu) = timed(
        lambda: pdf.render_pdf(assessment), lambda: pdf.html_to_pdf(html)
    )
    data = pdf.render_pdf(assessment)
    if args.out:
        Path(args.out).write_bytes(data)

    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(data)).pages)
    criteria = sum(f.criteria.count() for f in assessment.frameworks.all())
    print(
        f"report PDF: {assessment.frameworks.count()} frameworks, {criteria} criteria, "
        f"{assessment.participants.count()} participants, {pages} pages, {len(data):,} bytes"
    )
    print(f"median of {args.runs} runs")
    print(f"  pdf (whole path)      {full:.3f} s   (CPU {full_cpu:.3f} s)")
    print(f"  floor (WeasyPrint)    {floor:.3f} s   (CPU {floor_cpu:.3f} s)")
    print(f"  ratio                 {full / floor:.2f} x")
    print(f"  per page              {1000 * full / pages:.0f} ms")
    print(f"  load average          {os.getloadavg()[0]:.2f}")
    ok = full <= 3.0 and full <= 1.15 * floor
    print("  target (<= 3 s, <= 1.15 x floor): " + ("met" if ok else "NOT met"))
    tmp.cleanup()


if __name__ == "__main__":
    main()

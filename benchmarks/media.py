"""What checking a file's collection costs: images and documents through the application.

    .venv/bin/python benchmarks/media.py [--duration 10]

`/media/` no longer serves stored files as they are: an image or a rendition is served by
`website.media.serve_media` after its collection's view restrictions, a document only by
Wagtail's `/documents/<id>/<name>`. This builds a small database of its own
(`<prefix>_media`: the skeleton, the territories and one member with a public image, its
rendition and a document), starts gunicorn (2 workers, 127.0.0.1) on production settings and
loads, interleaved in one run: the minimal Django view, the rendition through `/media/`, the
same bytes as a static file served by WhiteNoise, and the document. It writes
benchmarks/results/media.md with each one's ratio to the minimal view.
"""

import argparse
import json
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run

RESULTS = run.BENCH_DIR / "results" / "media.md"
SIZE = run.SMALL  # one server; its database is this benchmark's own
DATABASE = f"{run.DATABASE_PREFIX}_media"
STATIC_COPY = "bench/rendition-copy.png"

# Runs inside Django, in a subprocess: one member with a public image, a rendition, a document.
PREPARE = """
import json, django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from communes.services import join_network
from tests.helpers import png_bytes
member = join_network("09.001.01.01")
image = get_image_model().objects.create(
    title="Town hall", collection=member.collection,
    file=SimpleUploadedFile("town-hall.png", png_bytes((1200, 800)), content_type="image/png"))
rendition = image.get_rendition("width-800")
document = get_document_model().objects.create(
    title="Council minutes", collection=member.collection,
    file=SimpleUploadedFile("minutes.txt", ("Minutes of the council. " * 400).encode()))
print(json.dumps({"rendition": rendition.url, "rendition_path": rendition.file.path,
                  "document": document.url}))
"""

PAGES = {
    "minimal": "Minimal Django view",
    "static": "The rendition's bytes as a static file (WhiteNoise)",
    "rendition": "Image rendition through /media/ (collection checked)",
    "document": "Document through /documents/ (Wagtail's checked view)",
}


def prepare() -> dict:
    run.DATABASES[SIZE] = DATABASE
    run.admin_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)", f"CREATE DATABASE {DATABASE}")
    for command in (("migrate", "--no-input"), ("setup_network",), ("load_territories",),
                    ("collectstatic", "--no-input", "--verbosity", "0")):
        run.say(f"manage.py {' '.join(command)}")
        run.manage(SIZE, *command)
    completed = subprocess.run([run.PYTHON, "-c", PREPARE], cwd=run.ROOT, env=run.environment(SIZE),
                               capture_output=True, text=True, check=True)
    urls = json.loads(completed.stdout.strip().splitlines()[-1])
    # The same bytes, where WhiteNoise finds them when the server starts.
    static_root = run.ROOT / "var" / "bench" / "staticfiles"
    (static_root / STATIC_COPY).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(urls.pop("rendition_path"), static_root / STATIC_COPY)
    return {"minimal": "/bench/minimal/", "static": f"/static/{STATIC_COPY}", **urls}


def measure(urls: dict, duration: int) -> dict:
    """Every URL in interleaved slices, so a change in the machine's load hits them alike."""
    slices = {name: [] for name in urls}
    slice_seconds = max(1, round(duration / run.SLICES))
    for url in urls.values():
        run.check_and_warm(run.PORTS[SIZE], url, None)
    for round_ in range(run.SLICES):
        order = list(urls) if round_ % 2 == 0 else list(reversed(urls))
        for name in order:
            slices[name].append(run.wrk(run.PORTS[SIZE], urls[name], None, slice_seconds))
    return {name: run.combine(parts) for name, parts in slices.items()}


def one_server():
    """run.servers() starts one gunicorn per size; this benchmark needs only its own."""
    run.DATABASES[run.LARGE] = DATABASE
    return run.servers()


def report(urls: dict, measured: dict, duration: int) -> str:
    base = measured["minimal"]["mean_us"]
    lines = [
        "# Media benchmark", "",
        (f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit {run.git_commit()}, load average "
        f"{run.load_average()}; gunicorn with 2 sync workers and wrk (1 thread, 2 connections) on "
        f"127.0.0.1, production settings, PostgreSQL and Redis; {run.SLICES} interleaved slices, "
        f"{duration} s per URL in all."), "",
        "| what | URL | req/s | mean | p95 | × minimal view |",
        "|---|---|---|---|---|---|",
    ]
    for name, label in PAGES.items():
        m = measured[name]
        lines.append(f"| {label} | `{urls[name]}` | {m['rps']:.0f} | {m['mean_us'] / 1000:.2f} ms | "
                     f"{m['p95_us'] / 1000:.2f} ms | {m['mean_us'] / base:.2f}× |")
    lines += ["", (f"The rendition through `/media/` takes "
              f"{measured['rendition']['mean_us'] / measured['static']['mean_us']:.2f}× "
              "as long as the same bytes from WhiteNoise: the price of looking the file up and "
              "checking its collection's view restrictions on each request."), ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL")
    args = parser.parse_args()
    run.WORK_DIR.mkdir(parents=True, exist_ok=True)
    urls = prepare()
    with one_server():
        time.sleep(1)
        measured = measure(urls, args.duration)
    RESULTS.write_text(report(urls, measured, args.duration))
    run.say(f"wrote {RESULTS.relative_to(run.ROOT)}")
    print(RESULTS.read_text())


if __name__ == "__main__":
    main()

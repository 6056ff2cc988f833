"""Processing a large corpus into the store: end to end, scaling, incremental update, Dask.

Usage: ``.venv/bin/python benchmarks/bench_store.py [--articles 10000] [--jobs 2] [--no-dask]``

A corpus of generated articles is written to a temporary folder, one file per article: each
article is a title and ten to eighteen paragraphs of the seed reports, chosen deterministically,
their numbers redrawn and the clauses of most sentences rotated so that sentences repeat less
(about 2,000 characters, the length of a typical report of the genre; the share of distinct
sentences is printed, since repeated text is coded once per batch). Printed, measured in one
run on this machine:

* ``pbanalysis process --jobs N`` end to end (start-up, every stage, Parquet written) at 1k, 5k
  and the full number of articles, with the peak memory of the largest process, and jieba's
  default-mode segmentation of the same text in this process, side by side (goal: 10,000
  articles in <= 60 s on 2 cores);
* the incremental update after adding one article (goal: <= 2 s);
* the first 1,000 articles on a Dask ``LocalCluster`` (the ``dask`` extra) against worker
  processes, with a check that both stores hold identical tables.
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pbanalysis.corpus import load_corpus
from pbanalysis.io import paths


def seed_paragraphs() -> tuple[list[str], list[str]]:
    """The seed's titles and body paragraphs (lines between blank lines, headings included)."""
    corpus = load_corpus([paths.raw_dir() / "meishan-jiagedaqi.txt"])
    titles, paragraphs = [], []
    for text in corpus.texts.values():
        title, _, body = text.partition("\n")
        titles.append(title.split("：")[-1].strip())
        paragraphs += [p.strip() for p in body.split("\n\n") if len(p.strip()) > 20]
    return titles, paragraphs


def varied(paragraph: str, pick: random.Random) -> str:
    """The paragraph with its numbers redrawn and the clauses of some sentences rotated, so that
    sentences rarely repeat across articles (as in a real corpus: no cache of repeated text
    makes the benchmark faster than real use)."""
    paragraph = re.sub(r"\d+", lambda m: str(pick.randint(2, 10 ** len(m.group()))), paragraph)
    sentences = []
    for sentence in re.findall(r"[^。！？]+[。！？]?", paragraph):
        clauses = sentence.rstrip("。！？").split("，")
        if len(clauses) >= 2 and pick.random() < 0.8:
            turn = pick.randint(1, len(clauses) - 1)
            clauses = clauses[turn:] + clauses[:turn]
        sentences.append("，".join(clauses) + sentence[len(sentence.rstrip("。！？")) :])
    return "".join(sentences)


def write_corpus(folder: Path, articles: int, start: int = 0) -> int:
    """``articles`` files ``a00000.txt`` … in ``folder``; returns the characters written."""
    titles, paragraphs = seed_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for number in range(start, start + articles):
        pick = random.Random(number)
        chosen = pick.sample(paragraphs, min(len(paragraphs), pick.randint(10, 18)))
        body = [varied(paragraph, pick) for paragraph in chosen]
        region = f"测试县{number % 300 + 1:03d}"
        text = f"{region}：{titles[number % len(titles)]}\n\n" + "\n\n".join(body) + "\n"
        (folder / f"a{number:05d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def process(folder: Path, store: Path, *extra: str) -> tuple[float, float]:
    """Seconds of ``pbanalysis process`` and the peak resident memory (MiB) of its largest
    process (the command or one of its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pbanalysis", "process", str(folder), "--store", str(store), *extra],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def jieba_seconds(folder: Path) -> float:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))
    started = time.perf_counter()
    jieba.lcut(text)
    return time.perf_counter() - started


def same_tables(one: Path, two: Path) -> bool:
    from pbanalysis.store import TABLES, Store

    first, second = Store(one), Store(two)
    return all(first.table(name).equals(second.table(name)) for name in TABLES)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask comparison")
    args = parser.parse_args()
    jobs = ["--jobs", str(args.jobs)]
    sizes = sorted({n for n in (1_000, 5_000, args.articles) if n <= args.articles})
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        print(f"articles  MB     chars/article  process --jobs {args.jobs}  peak MiB  jieba  ratio")
        for size in sizes:
            folder = root / f"corpus{size}"
            chars = write_corpus(folder, size)
            megabytes = sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6
            seconds, peak = process(folder, root / f"store{size}", *jobs)
            reference = jieba_seconds(folder)
            print(
                f"{size:>8}  {megabytes:5.1f}  {chars / size:13.0f}  {seconds:17.1f} s"
                f"  {peak:8.0f}  {reference:5.1f}  {seconds / reference:5.2f}x"
            )
        from pbanalysis.store import Store

        sentences = Store(root / f"store{sizes[0]}").table("sentences", columns=["text"])
        share = sentences["text"].nunique() / len(sentences)
        print(f"distinct sentences at {sizes[0]} articles: {share:.0%} of {len(sentences):,}")
        largest = sizes[-1]
        folder, store = root / f"corpus{largest}", root / f"store{largest}"
        write_corpus(folder, 1, start=largest)
        seconds, _ = process(folder, store, *jobs)
        print(
            f"incremental update after adding one article to {largest}: {seconds:.2f} s (goal 2 s)"
        )
        unchanged, _ = process(folder, store, *jobs)
        print(f"update with nothing to do: {unchanged:.2f} s")
        if args.no_dask:
            return 0
        try:
            from distributed import LocalCluster
        except ImportError:
            print("Dask: not installed (pip install -e '.[dask]'); skipped")
            return 0
        small = root / "corpus1000"
        local, _ = process(small, root / "local1000", *jobs)
        with LocalCluster(
            n_workers=args.jobs, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            remote, _ = process(small, root / "dask1000", "--scheduler", cluster.scheduler_address)
        same = same_tables(root / "local1000", root / "dask1000")
        print(
            f"1000 articles: Dask LocalCluster ({args.jobs} workers) {remote:.1f} s, "
            f"worker processes {local:.1f} s ({remote / local:.2f}x); tables identical: {same}"
        )
        return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())

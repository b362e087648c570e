"""`flask --app wsgi casework generate`: fill the database with a generated province."""

from __future__ import annotations

import click

from casework.bench.generate import PRESETS, estimate_rows, generate


@click.command("generate")
@click.option("--preset", type=click.Choice(sorted(PRESETS)), default="small", show_default=True,
              help="small: about 10,000 rows in seconds; province: 100,000 people, over 1,000,000 rows.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same data.")
@click.option("--people", type=click.IntRange(min=1), default=None, help="Override the preset's number of people.")
def generate_command(preset: str, seed: int, people: int | None) -> None:
    """Generate invented people and casework in the real communes of Khánh Hòa (for benchmarks and demos)."""
    n_people = people or PRESETS[preset].people
    with click.progressbar(length=estimate_rows(n_people), label=f"Generating ({preset})",
                           show_eta=True, show_pos=True) as bar:
        report = generate(preset, seed=seed, people=people, progress=bar.update)
    click.echo(f"{report.engine}: {report.people:,} people, {report.casework_rows:,} rows of casework, "
               f"{report.total_rows:,} rows in all in {report.seconds:.1f} s ({report.rows_per_second:,.0f} rows/s).")

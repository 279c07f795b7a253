"""Offline reading: the built folder opened straight from disk (file://), with every http(s) request
blocked, and the same folder copied somewhere else."""
import shutil

from checks import crawl, static_link_problems
from sites import Location, html_pages


def _all_pages(out):
    return {str(p.relative_to(out)) for p in html_pages(out)}


def test_every_reference_in_the_output_names_a_file_that_exists(starter):
    problems = static_link_problems(starter.out)
    assert not problems, "\n".join(problems)


def test_every_page_opens_from_disk_with_its_styles_images_and_no_network(starter, offline_browser):
    report = crawl(offline_browser, Location.on_disk(starter.out))
    assert not report.problems, "\n".join(report.problems)
    # Every page the generator wrote is reachable by following links from the home page.
    assert set(report.visited) == _all_pages(starter.out)


def test_a_copy_in_another_folder_still_works(starter, offline_browser, tmp_path):
    elsewhere = tmp_path / "USB stick" / "Praxis copy (ü)"
    shutil.copytree(starter.out, elsewhere)
    report = crawl(offline_browser, Location.on_disk(elsewhere))
    assert not report.problems, "\n".join(report.problems)
    assert set(report.visited) == _all_pages(elsewhere)

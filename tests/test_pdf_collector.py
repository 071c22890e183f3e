"""The garbage collector paused around a PDF render comes back as it was, even when the render fails."""

import gc

import pytest

from cln_portal.pdf import collector_paused, html_to_pdf

HTML = '<!doctype html><html lang="fr"><head><title>Essai</title></head><body><p>Bonjour</p></body></html>'


def test_collector_is_on_again_after_a_render():
    assert gc.isenabled()
    assert html_to_pdf(HTML).startswith(b"%PDF")
    assert gc.isenabled()


def test_collector_is_on_again_after_a_failed_render():
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_nested_pauses_keep_the_collector_off_until_the_last_ends():
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collector_turned_off_by_the_caller_stays_off():
    gc.disable()
    try:
        html_to_pdf(HTML)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_older_garbage_is_left_to_the_collector_and_nothing_stays_frozen():
    class Cycle:
        pass

    gc.disable()  # so that no automatic round collects the cycle before the pause
    try:
        before = Cycle()
        before.me = before
        del before
        with collector_paused():
            pass
        assert gc.get_freeze_count() == 0
        assert any(isinstance(obj, Cycle) for obj in gc.get_objects())
        gc.collect()
        assert not any(isinstance(obj, Cycle) for obj in gc.get_objects())
    finally:
        gc.enable()

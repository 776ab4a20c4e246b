"""The forgiving search behind `/` on the venues screen and `venue list --search`."""

from tourdesk.domain.search import fold, ranked, score


def test_accents_and_case_do_not_matter():
    assert fold("Köln") == "koln" and fold("ZÜRICH") == "zurich"
    assert score("koln", "Live Music Hall Cologne Lichtstraße 30, 50825 Köln") > 0
    assert score("GOTEBORG", "Pustervik Gothenburg Järntorgsgatan 12, 413 01 Göteborg") > 0


def test_letters_may_be_missing_but_not_scattered():
    assert score("paradso", "Paradiso") > 0
    assert score("pm", "Paradiso Amsterdam") == 0  # a p and an m far apart: chance
    assert score("xyz", "Paradiso") == 0


def test_every_word_must_match_in_any_order():
    assert score("hall cologne", "Live Music Hall Cologne") > 0
    assert score("hall oslo", "Live Music Hall Cologne") == 0


def test_best_first_and_an_empty_query_keeps_everything():
    names = ["Vega", "Volkshaus Zürich", "Vicar Street", "Arena Wien"]
    assert ranked("", names, str) == names
    assert ranked("vic", names, str)[0] == "Vicar Street"
    # a word start beats the same letters inside a word, which beats a spread match
    assert ranked("hall", ["Haus am Ll", "Schallhaus", "Hall 7"], str) == [
        "Hall 7", "Schallhaus", "Haus am Ll"]

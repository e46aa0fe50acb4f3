"""`python -m wtfc copy-store`: every workshop of a real SQLite file into a real PostgreSQL database, exactly as
it is (history, votes, voting links), checked row for row; refused whole when a workshop is already there."""
import re

from tests.synthetic_workshop import build_workshop
from wtfc.access import DEVICE_KEY
from wtfc.cli import main
from wtfc.edits import add_statements
from wtfc.model import WORKING, Statement
from wtfc.store import Store


def everything(store: Store) -> dict:
    return {w.id: (w, store.workshop_contents(w.id), store.history(w.id)) for w in store.workshops()}


def laptop_file(tmp_path, *names):
    file = tmp_path / "laptop.sqlite"
    with Store(file) as laptop:
        for name in names:
            workshop = laptop.create_workshop(name).id
            laptop.apply(workshop, add_statements([Statement(f"Said at {name}", WORKING)], "reviews.csv"))
    return file


def test_every_workshop_is_carried_into_postgresql_as_it_is(tmp_path, postgres_url, capsys):
    file = tmp_path / "laptop.sqlite"
    with Store(file) as laptop:
        built = build_workshop(laptop)
        laptop.create_workshop("Bradford day services")
        key = laptop.server_key(DEVICE_KEY)
        before = everything(laptop)

    assert main(["copy-store", "--db", str(file), "--to", postgres_url]) == 0

    said = capsys.readouterr().out
    assert "Copied 2 workshops from" in said and "checked row for row" in said
    rows = before[built.workshop_id][1]["rows"]
    assert (f"“Homecare spring workshop”: {len(rows['statements'])} statements, {len(rows['themes'])} themes, "
            f"{len(before[built.workshop_id][2])} changes in its history, {len(rows['votes'])} votes") in said
    assert postgres_url not in said  # the address is shown without its password
    with Store(postgres_url) as hosted:
        assert everything(hosted) == before
        assert hosted.server_key(DEVICE_KEY) == key  # phones keep the ids they were given
        # A phone's voting link still opens its ballot, and the history goes on where it was.
        assert hosted.phone_votes.cast(built.token, "phone-b", {built.round.ballot[0]: 2}) == 1
        assert hosted.redo(built.workshop_id).summary == "Renamed “I want to stay at home” to “I want to stay in my own home”"
    with Store(file) as laptop:
        assert everything(laptop) == before  # the file copied from is left as it was


def test_a_workshop_already_there_is_refused_and_nothing_more_is_copied(tmp_path, postgres_url, capsys):
    file = laptop_file(tmp_path, "Leeds homecare", "Bradford day services")
    assert main(["copy-store", "--db", str(file), "--to", postgres_url]) == 0
    with Store(file) as laptop:
        laptop.create_workshop("Wakefield carers")

    assert main(["copy-store", "--db", str(file), "--to", postgres_url]) == 2

    assert re.search("The workshop “(Leeds homecare|Bradford day services)” is already in postgresql://.*nothing "
                     "was copied", capsys.readouterr().err)
    with Store(postgres_url) as hosted:
        assert sorted(w.name for w in hosted.workshops()) == ["Bradford day services", "Leeds homecare"]


def test_a_name_already_taken_there_is_refused_whole(tmp_path, postgres_url, capsys):
    file = laptop_file(tmp_path, "Bradford day services", "LEEDS HOMECARE")
    with Store(postgres_url) as hosted:
        hosted.create_workshop("Leeds homecare")

    assert main(["copy-store", "--db", str(file), "--to", postgres_url]) == 2

    assert "already has a workshop called “Leeds homecare”" in capsys.readouterr().err
    with Store(postgres_url) as hosted:
        assert [w.name for w in hosted.workshops()] == ["Leeds homecare"]
        assert hosted.workshops()[0].statement_count == 0


def test_a_missing_file_or_the_same_store_is_refused_with_a_plain_message(tmp_path, postgres_url, capsys):
    assert main(["copy-store", "--db", str(tmp_path / "none.sqlite"), "--to", postgres_url]) == 2
    assert "There is no workshop file at" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()

    assert main(["copy-store", "--db", postgres_url, "--to", postgres_url]) == 2
    assert "--to names the store being copied from" in capsys.readouterr().err

from streamlit.testing.v1 import AppTest

from dashboard.text import plain


def test_a_page_that_cannot_get_its_data_says_why_as_text_and_stops():
    def page():
        import streamlit as st

        from dashboard.failures import or_stop
        from data.errors import DataFileError

        st.write(or_stop(lambda: "fine"))

        def broken():
            raise DataFileError("lsoa.csv: no column **lsoa21cd**; add it and try again.")

        or_stop(broken)
        st.write("not reached")

    app = AppTest.from_function(page).run()
    assert not app.exception
    assert [m.value for m in app.markdown] == ["fine"]
    shown = app.error[0].value  # the user's text as text: the asterisks are escaped
    assert r"no column \*\*lsoa21cd\*\*" in shown and "add it and try again" in shown


def test_other_errors_are_not_hidden():
    def page():
        from dashboard.failures import or_stop

        or_stop(lambda: 1 / 0)

    app = AppTest.from_function(page).run()
    assert app.exception and app.exception[0].value == "division by zero"


def test_a_refused_file_says_what_to_fix_by_row_column_and_value_as_text():
    def page():
        from dashboard.failures import refused_file
        from data.errors import RecordProblem

        refused_file("**answers**.csv", [RecordProblem(3, "Score", "7", "Give 0 to 3.")])
        refused_file("form.csv", [RecordProblem(2, "Name", "", "Give a name."),
                                  RecordProblem(None, "Fields", "", "Match a column.")],
                     matched=True)

    app = AppTest.from_function(page).run()
    assert not app.exception
    assert [e.value for e in app.error] == [
        f"{plain('**answers**.csv')} has 1 problem to fix. Nothing from it has been stored. "
        "Correct the file and import it again.",
        f"{plain('form.csv')} has 2 problems to fix. Nothing from it has been stored. Correct "
        "the file, or the matching of its columns, and import it again."]
    first, second = (frame.value for frame in app.dataframe)
    assert first.to_dict("records") == [{"Row": 3, "Column": "Score", "Value": "7",
                                         "What to do": "Give 0 to 3."}]
    assert list(second["Column"]) == ["Name", "Fields"]

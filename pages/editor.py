"""Editor workspace: every article × tier against its target, problems, one tier, side by side."""

import streamlit as st

import ui
from ui import editor_data as data
from ui import editor_views as views
from ui import editorial_view, write_view
from ui.comprehension_view import comprehension_view
from ui.feedback_view import feedback_view

persona = ui.frame("Editor", ask_persona=False, text_switch=False)
st.set_page_config(layout="wide")  # tables and the heatmap need the width; phones stack anyway

VIEWS = {
    "overview": "Overview",
    "problems": "Problems",
    "article": "One article",
    "sections": "Side by side",
    "feedback": "Reader feedback",
    "history": "History",
    "write": "Write",
    "check-text": "Check any text",
}

st.title("Editor workspace")
person = editorial_view.sign_in_box()
snap = data.snapshot()
head, button = st.columns([4, 1], vertical_alignment="center")
head.caption(
    f"{ui.count_words(len(snap.library.articles), 'article')} loaded from "
    f"{ui.count_words(len(snap.version), 'file')}. Edited or added files show up on the next "
    "click."
)
button.button(
    "Reload articles", icon=":material/refresh:", on_click=data.reload, key="editor_reload"
)
view = views.url_choice(
    st.segmented_control,
    "View",
    list(VIEWS),
    param="view",
    key="editor_view",
    format_func=VIEWS.get,
    required=True,
)

if view == "overview":
    views.draw_overview(snap)
elif view == "write":
    write_view.write_view(snap, person)
elif view == "check-text":
    write_view.check_text_view()
elif view == "problems":
    views.draw_problems(snap)
elif view == "history":
    chosen = views.url_choice(
        st.selectbox,
        "Article",
        ["", *snap.library.articles],
        param="article",
        key="editor_history_article",
        format_func=lambda a: "All articles" if not a else snap.library.articles[a].title,
    )
    editorial_view.history(chosen or None)
elif view == "feedback":
    assess = lambda a: data.assessments(snap, snap.library.articles[a])  # noqa: E731
    feedback_view(snap.library, assess=assess)
    comprehension_view(snap.library, assess=assess)
elif not snap.library.articles:
    st.info("No article loaded. See **Problems** for files that failed.")
else:
    articles = snap.library.articles
    pick_article, pick_more = st.columns(2)
    article_id = views.article_choice(pick_article.selectbox, articles, key="editor_article")
    article = articles[article_id]
    scored = data.assessments(snap, article)
    if view == "article":
        tier = views.tier_choice(pick_more.selectbox, key="editor_tier")
        views.draw_tier_header(article, scored[tier])
        views.draw_section_scores(article, scored[tier])
        views.draw_hardest(article, data.hardest(snap, article, tier))
        views.draw_findings(article, tier, data.findings(snap, article))
        if person is not None:
            editorial_view.review_actions(person, article)
    else:
        section_id = views.url_choice(
            pick_more.selectbox,
            "Section",
            [s.id for s in article.sections],
            param="section",
            key="editor_section",
            format_func=lambda s: article.section(s).heading,
        )
        views.draw_side_by_side(article, section_id, scored, data.findings(snap, article))

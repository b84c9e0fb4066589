from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language_info
from django.views.decorators.http import require_GET

from accounts.roles import is_therapist
from exercises.forms import LibraryFilterForm
from exercises.library import review_notice
from exercises.models import Exercise
from exercises.selectors import library_exercises
from exercises.translations import translated_languages

PAGE_SIZE = 20


def _therapists_only(view):
    """The library is a therapist's tool; patients see exercises through their own plans."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_therapist(request.user):
            return render(request, "exercises/therapists_only.html", status=403)
        return view(request, *args, **kwargs)

    return login_required(wrapped)


@require_GET
@_therapists_only
def exercise_list(request):
    form = LibraryFilterForm(request.GET or None)
    # Filters that do not validate (a hand-edited address) are dropped and the page says so.
    ignored = bool(form.is_bound and not form.is_valid())
    filters = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}
    exercises = library_exercises(**filters).for_listing()
    page = Paginator(exercises, PAGE_SIZE).get_page(request.GET.get("page"))
    # Page links keep the filters.
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "exercises/exercise_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(filters),
            "ignored_filters": ignored,
            "review_notice": review_notice(),
        },
    )


@require_GET
@_therapists_only
def exercise_detail(request, slug):
    exercise = get_object_or_404(Exercise.objects.for_detail(), slug=slug)
    # What a patient reading each other language is given, for the therapist to read beside it.
    translations = [
        (code, get_language_info(code)["name"], exercise.text(code))
        for code in translated_languages()
    ]
    return render(
        request,
        "exercises/exercise_detail.html",
        {"exercise": exercise, "review_notice": review_notice(), "translations": translations},
    )

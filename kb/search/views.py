from django.shortcuts import render


def search(request):
    # Placeholder until the search backend lands (issue 4).
    return render(request, "search/search.html", {"query": request.GET.get("q", "")[:500]})

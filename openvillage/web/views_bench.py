"""The baseline of the page benchmarks: the least a Django view can do (bench/)."""

from django.http import HttpResponse


def minimal(request):
    return HttpResponse(b"ok", content_type="text/plain")

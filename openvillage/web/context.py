from django.conf import settings


def site(request):
    return {"PUBLIC_BASE_URL": settings.PUBLIC_BASE_URL}

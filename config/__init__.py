"""Django project configuration of Tanhe (settings, root URLs, WSGI/ASGI entry points)."""

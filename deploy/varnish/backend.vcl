# The app Varnish forwards to (an example: gunicorn on this machine, the Procfile's default).
backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

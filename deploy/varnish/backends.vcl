# The app servers and the hosts that may purge: the part of the Varnish configuration that
# changes with the machines (README: Production topology). This example is one machine: Varnish
# and two gunicorn instances on loopback. With app servers on other machines, list each one's
# private address and port here, and put those addresses (the hosts that send PURGE on publish)
# into `purgers`.

backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = app_alive;
}

backend app2 {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = app_alive;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}

"""Fuzz and property tests: every form and every endpoint that takes input, under hostile input.

INVENTORY (see each row's test). Properties: never a 5xx; invalid input gets a 4xx or the form again
with every error message on the page and what was typed kept; writes are whole or absent (row counts
of Card, CardEvent, Use, CardBatch, Organisation, User, Membership, Commitment and the export log
before and after each request).

Registry desks (registry/urls.py, views.py, forms.py), under /<lang>/registry/ — test_registry_desks.py
  POST unit/<org>/register/               RegistrationForm (distributor)    test_register_a_card,
                                          its hidden key                    test_a_broken_form_key_is_explained_and_replaced
  POST unit/<org>/cards/<number>/reissue/ ReissueForm                       test_reissue_a_card
  POST unit/<org>/cards/<number>/<action>/ ExtendForm, end, withdraw        test_change_a_card
  GET  unit/<org>/cards/<number>/[reissue/] any text as the number          test_card_page_with_any_number_in_the_address
  GET  unit/<org>/?q=&page=               CardSearchForm                    test_find_a_card
  POST desk/<org>/record/ action=check    UseForm (venue, ticket agency)    test_check_a_card_at_the_desk
  POST desk/<org>/record/                 UseForm                           test_record_a_use
  POST desk/<org>/group/                  GroupUseForm                      test_record_a_group_visit
  POST desk/<org>/uses/<use>/undo/        any record id                     test_undo_any_record
  POST coordinator/                       OrganisationForm (coordinator)    test_create_an_organisation
  POST coordinator/<org>/                 AccountForm (coordinator)         test_create_an_account,
                                                                            test_an_account_is_what_django_accepts
  POST batches/                           BatchForm (national office)       test_create_a_batch
  GET  batches/<batch>/<fmt>/             any format                        test_batch_export_formats
  POST any desk form with no field at all                                   test_an_empty_post_says_what_is_missing

Statistics (stats/forms.py, views.py, public.py, urls.py) — test_statistics.py
  GET  /<lang>/registry/statistics/<kind>/<key>/?start=&end=&region=&municipality=&organisation=
                                          FilterForm (region and national scopes) test_dashboard_filters
  GET  /<lang>/registry/statistics/<kind>/<key>/  any scope in the address  test_dashboard_addresses
  POST /<lang>/registry/statistics/<kind>/<key>/export/  ExportForm         test_export,
                                                                            test_every_export_is_logged
  GET  /<lang>/statistics/?year=          public statistics                 test_public_statistics
  POST /<lang>/check-my-card/             CheckCardForm (public)            test_check_my_card

Public site — test_public.py
  GET  /<lang>/kohteet/?q=&region=&municipality=&category=&accessibility=&children=&page=
                                          FinderForm (partners/views.py)    test_finder
  GET  /<lang>/search/?q=&page=           site search (home/views.py)       test_search
  POST /<lang>/sitoumus/ (/en/commitment/) CommitmentForm (materials)       test_commitment
  GET  /<lang>/sitoumus/?type=            initial partner type              test_commitment_form_prefill
  GET  /<lang>/sitoumus/<token>/          any token                         test_addresses_with_any_segment
  GET  /<lang>/materiaalit/<slug>/latest/<fmt>/ any format                  test_addresses_with_any_segment
  GET  /text-size/?size=&next=            text size (core/views.py)         test_text_size
  GET  /, /<anything>  language redirect (LocaleMiddleware), Accept-Language test_language_redirect
  (No Wagtail form pages exist: ContactPage has no form.)

Registry API (registry/api.py, api_urls.py; DRF + drf-spectacular, schema /api/registry/schema/)
  GET  /api/registry/cards/<number>/?organisation=    test_api_fuzz.py::test_check_any_card
  POST /api/registry/uses/ (Idempotency-Key header)   test_api_fuzz.py::test_record_any_body,
                                                      test_valid_record_and_its_replay
  both, from the schema                               test_api_schema.py (Schemathesis, every operation;
                                                      test_recorded_uses_conform_to_the_schema: 201/200)

Not fuzzed here: the Wagtail admin's own forms (Wagtail's), the sign-in and two-factor pages
(accounts/, with their own tests).

BUGS THESE TESTS FOUND (each fixed at its root, each input kept as an @example or a test):
  - PostgreSQL 500 on a NUL character where a query takes free text: the API's card check
    (registry/services.find_card), a distributor's card page address (registry/views._unit_card),
    site search (home/views.search), a commitment's status address and a material's "latest"
    format (materials/views.py).
  - SQLite 500 on site search with a double quote (django-modelsearch's FTS5 strings;
    core/upstream_workarounds.py quotes them).
  - Statistics dashboard 500 (OverflowError) on dates such as 0001-01-01 or 9999-12-31, and a
    month table of thousands of years: the period is bounded (stats/forms.py).
  - The national office's raw-data exports were never logged: django-otp wraps request.user twice
    and Wagtail's log() unwraps once (stats/audit.py).
  - A missing or broken hidden idempotency key re-rendered the desk form with an empty error
    summary and the same broken key: now a message for the whole form and a new key.
  - An empty POST showed the blank form without any error (registry desks, export, check my card).
  - Extending an ended or withdrawn card with a bad date showed no message (the form is hidden
    for such a card): now "Only an active card can be extended."
  - Account form: an e-mail of 255-320 characters was a PostgreSQL 500; usernames that Django's
    user model refuses (spaces, "<") were saved.
  - API: the undocumented answers (400 variants, 401, 403, 404, 415, 429, the organisation query
    parameter) are documented; the view's own 400s are lists of messages like the serializer's.
"""

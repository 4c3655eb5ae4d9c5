"""What schools publishes for the apps above it to react to (DESIGN §4: a lower app never
imports a higher one; the higher one subscribes in its AppConfig.ready()).

`school_data_changed` is sent after a tenant's own data about some schools changed (local
intelligence recorded or withdrawn), inside the transaction that changed it, with:
    tenant: the tenant whose data changed;
    urns: the schools' URNs;
    reason: a sentence for the status record ("Local intelligence recorded for 100001").
Receivers that start background work do so on commit.
"""

from django.dispatch import Signal

school_data_changed = Signal()

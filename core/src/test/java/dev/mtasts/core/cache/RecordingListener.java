package dev.mtasts.core.cache;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;

/** Records what a {@link PolicyService} reports. Thread-safe. */
final class RecordingListener implements PolicyEventListener {
    /** One fetchFailed call. */
    static final class FetchFailed {
        final DomainName domain;
        final Optional<String> txtId;
        final Failure failure;
        final Optional<CachedPolicy> cached;

        FetchFailed(DomainName domain, Optional<String> txtId, Failure failure, Optional<CachedPolicy> cached) {
            this.domain = domain;
            this.txtId = txtId;
            this.failure = failure;
            this.cached = cached;
        }
    }

    final List<FetchFailed> fetchFailures = new CopyOnWriteArrayList<>();
    final List<Failure> refreshFailures = new CopyOnWriteArrayList<>();

    @Override
    public void fetchFailed(DomainName domain, Optional<String> txtId, Failure failure, Optional<CachedPolicy> cached) {
        fetchFailures.add(new FetchFailed(domain, txtId, failure, cached));
    }

    @Override
    public void refreshFailed(DomainName domain, Failure failure, CachedPolicy cached) {
        refreshFailures.add(failure);
    }
}

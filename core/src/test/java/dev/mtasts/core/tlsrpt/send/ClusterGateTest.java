package dev.mtasts.core.tlsrpt.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.mtasts.core.tlsrpt.ReportFixtures;
import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.tlsrpt.record.DaySummaryCodec;
import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.tlsrpt.ReportDocument;
import dev.mtasts.core.tlsrpt.ReportFileName;
import dev.mtasts.core.tlsrpt.ReportUri;
import dev.mtasts.core.DomainName;

/**
 * The two gates a node of a cluster puts in front of its report schedule: {@link ClaimedAggregates} (build
 * only what this node claimed) and {@link LeasedReportSender} (send only while the lease is confirmed), with
 * the leases answering from a table, and the counts of two nodes summed by {@link DaySummaryCodec}.
 */
class ClusterGateTest {
    private static final LocalDate DAY = ReportFixtures.DAY;
    private static final DomainName MINE = DomainName.of("mine.example");
    private static final DomainName OTHERS = DomainName.of("others.example");
    private static final DomainName UNKNOWN = DomainName.of("unknown.example");

    /** Leases whose answers the test sets per domain. */
    private static final class TableLeases implements ReportLeases {
        final Map<DomainName, Answer> answers = Map.of(MINE, Answer.MINE, OTHERS, Answer.OTHER, UNKNOWN, Answer.UNKNOWN);
        final List<DomainName> confirmed = new ArrayList<>();

        @Override
        public Answer claim(LocalDate day, DomainName domain) {
            return answers.get(domain);
        }

        @Override
        public Answer confirm(LocalDate day, DomainName domain) {
            confirmed.add(domain);
            return answers.get(domain);
        }
    }

    private final TableLeases leases = new TableLeases();

    @Nested
    class Claims {
        @Test
        void shouldOfferTheScheduleOnlyTheDomainsThisNodeClaimed() {
            InMemoryAggregateSource cluster = new InMemoryAggregateSource();
            for (DomainName domain : List.of(MINE, OTHERS, UNKNOWN)) {
                cluster.add(ReportFixtures.sampleDay(domain));
            }

            ClaimedAggregates claimed = new ClaimedAggregates(cluster, leases);

            assertThat(claimed.domains(DAY)).containsExactly(MINE);
            assertThat(claimed.summary(DAY, OTHERS)).as("views still read everything").isPresent();
            assertThat(claimed.days()).containsExactly(DAY);
        }
    }

    @Nested
    class Sends {
        private final List<String> sent = new ArrayList<>();
        private final ReportSender recording = new ReportSender() {
            @Override
            public ReportUri.Scheme scheme() {
                return ReportUri.Scheme.HTTPS;
            }

            @Override
            public DeliveryOutcome send(ReportUri destination, ReportDocument document) {
                sent.add(document.fileName().policyDomain().asciiName());
                return DeliveryOutcome.delivered();
            }
        };
        private final LeasedReportSender sender = new LeasedReportSender(recording, leases);

        private ReportDocument document(DomainName domain) {
            long start = DAY.atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
            return new ReportDocument(new ReportFileName(ReportFixtures.SUBMITTER, domain, start, start + 86_399,
                    Optional.empty()), "id", new byte[] {1});
        }

        @Test
        void shouldSendWhileTheLeaseIsConfirmedAsThisNodes() {
            DeliveryOutcome outcome = sender.send(ReportUri.https("https://reports.example/"), document(MINE));

            assertThat(outcome.isDelivered()).isTrue();
            assertThat(sent).containsExactly("mine.example");
            assertThat(leases.confirmed).containsExactly(MINE);
        }

        @Test
        void shouldNotSendWhenAnotherNodeHoldsTheLease() {
            DeliveryOutcome outcome = sender.send(ReportUri.https("https://reports.example/"), document(OTHERS));

            assertThat(outcome.isDelivered()).isFalse();
            assertThat(outcome.error().get()).contains("another node of the cluster holds the report lease");
            assertThat(sent).isEmpty();
        }

        @Test
        void shouldNotSendYetWhenTheLeaseCannotBeConfirmed() {
            DeliveryOutcome outcome = sender.send(ReportUri.https("https://reports.example/"), document(UNKNOWN));

            assertThat(outcome.error().get()).contains("cannot be confirmed").contains("tried again later");
            assertThat(sent).isEmpty();
        }
    }

    @Test
    void shouldSumTheCountsOfSeveralNodesPerPolicyAndRoundTripThem() {
        DaySummary node = ReportFixtures.sampleDay(MINE);
        DaySummaryCodec codec = new DaySummaryCodec();

        DaySummary decoded = codec.decode(node.day(), MINE, codec.encode(node)).value();
        DaySummary sum = DaySummaryCodec.sum(node.day(), MINE, List.of(node, decoded));

        assertThat(sum.policies()).hasSameSizeAs(node.policies());
        for (int i = 0; i < node.policies().size(); i++) {
            PolicySummary one = node.policies().get(i);
            PolicySummary both = sum.policies().stream().filter(p -> p.policy().equals(one.policy())).findFirst()
                    .orElseThrow();
            assertThat(both.successfulSessions()).isEqualTo(2 * one.successfulSessions());
            assertThat(both.failedSessions()).isEqualTo(2 * one.failedSessions());
            one.failureDetails().forEach((detail, count) ->
                    assertThat(both.failureDetails()).containsEntry(detail, 2 * count));
        }
        assertThat(codec.decode(node.day(), OTHERS, codec.encode(node)).isValid())
                .as("counts stored under another domain are refused").isFalse();
    }
}

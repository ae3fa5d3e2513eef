package dev.mtasts.testkit.smtp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;

/**
 * Writes the {@code main.cf} and {@code master.cf} of a {@link PostfixServer} instance: every path under the
 * instance's directory, one {@code smtpd} listener, no chroot, no relaying, mail for one domain into
 * {@code mail/inbox/} as a Maildir, log to {@code maillog}.
 */
final class PostfixConfig {
    /** The certificate chain and key files smtpd presents after STARTTLS. */
    static final class Tls {
        final Path chain;
        final Path key;

        Tls(Path chain, Path key) {
            this.chain = chain;
            this.key = key;
        }
    }

    private PostfixConfig() {
    }

    static void write(Path root, String address, int port, String hostName, List<String> mailDomains, Tls tls)
            throws IOException {
        Path conf = Files.createDirectories(root.resolve("conf"));
        Path queue = Files.createDirectories(root.resolve("queue"));
        Path data = Files.createDirectories(root.resolve("data"));
        Path mail = Files.createDirectories(root.resolve("mail"));
        UserPrincipal postfix = PostfixServer.users(root).lookupPrincipalByName("postfix");
        GroupPrincipal postfixGroup = PostfixServer.users(root).lookupPrincipalByGroupName("postfix");
        for (Path owned : List.of(data, mail)) {
            PosixFileAttributeView view = Files.getFileAttributeView(owned, PosixFileAttributeView.class);
            view.setOwner(postfix);
            view.setGroup(postfixGroup);
        }
        int uid = ((Number) Files.getAttribute(mail, "unix:uid")).intValue();
        int gid = ((Number) Files.getAttribute(mail, "unix:gid")).intValue();
        StringBuilder main = new StringBuilder()
                .append("compatibility_level = 3.6\n")
                .append("config_directory = ").append(conf).append('\n')
                .append("queue_directory = ").append(queue).append('\n')
                .append("data_directory = ").append(data).append('\n')
                .append("mail_owner = postfix\n")
                .append("setgid_group = postdrop\n")
                .append("myhostname = ").append(hostName).append('\n')
                .append("mydomain = ").append(mailDomains.get(0)).append('\n')
                .append("mydestination =\n")
                .append("inet_protocols = ipv4\n")
                .append("inet_interfaces = loopback-only\n")
                .append("mynetworks = 127.0.0.0/8\n")
                .append("smtpd_relay_restrictions = reject_unauth_destination\n")
                .append("maillog_file = ").append(root.resolve("maillog")).append('\n')
                .append("maillog_file_prefixes = ").append(root).append('\n')
                .append("virtual_mailbox_domains = ").append(String.join(" ", mailDomains)).append('\n')
                .append("virtual_mailbox_base = ").append(mail).append('\n')
                // A trailing slash makes virtual(8) write a Maildir; "static:" maps every recipient to it.
                .append("virtual_mailbox_maps = static:inbox/\n")
                .append("virtual_uid_maps = static:").append(uid).append('\n')
                .append("virtual_gid_maps = static:").append(gid).append('\n')
                .append("default_transport = error:this test instance delivers nothing elsewhere\n")
                .append("relay_transport = error:this test instance delivers nothing elsewhere\n")
                .append("alias_maps =\nalias_database =\nlocal_recipient_maps =\nbiff = no\n");
        if (tls != null) {
            main.append("smtpd_tls_security_level = may\n")
                    .append("smtpd_tls_cert_file = ").append(tls.chain).append('\n')
                    .append("smtpd_tls_key_file = ").append(tls.key).append('\n')
                    .append("smtpd_tls_loglevel = 1\n");
        }
        Files.writeString(conf.resolve("main.cf"), main.toString());
        // The listener names its own address: any 127.0.0.0/8 address works, not only interface addresses.
        // service type private unpriv chroot wakeup maxproc command
        String master = address + ":" + port + " inet n - n - - smtpd\n"
                + "pickup unix n - n 60 1 pickup\n"
                + "cleanup unix n - n - 0 cleanup\n"
                + "qmgr unix n - n 300 1 qmgr\n"
                + "tlsmgr unix - - n 1000? 1 tlsmgr\n"
                + "rewrite unix - - n - - trivial-rewrite\n"
                + "bounce unix - - n - 0 bounce\n"
                + "defer unix - - n - 0 bounce\n"
                + "trace unix - - n - 0 bounce\n"
                + "verify unix - - n - 1 verify\n"
                + "proxymap unix - - n - - proxymap\n"
                + "error unix - - n - - error\n"
                + "retry unix - - n - - error\n"
                + "discard unix - - n - - discard\n"
                + "virtual unix - n n - - virtual\n"
                + "anvil unix - - n - 1 anvil\n"
                + "scache unix - - n - 1 scache\n"
                + "postlog unix-dgram n - n - 1 postlogd\n";
        Files.writeString(conf.resolve("master.cf"), master);
    }
}

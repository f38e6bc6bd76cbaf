// The channel against tests/support/smtp-sink.py: the SDK's conformance checks
// over STARTTLS with a login, and each way a send can fail.
#include "SmtpChannel.h"
#include "ParsedMail.h"
#include "SmtpSink.h"

#include "Assertions.h"
#include "molar/sdk/Errors.h"
#include "molar/sdk/testing/NotificationChannelConformance.h"

#include <Poco/Net/ServerSocket.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::notifyemail;
using namespace molar::notifyemail::test;
using molar::sdk::OutgoingMessage;
using molar::sdk::PermanentError;

namespace {

const std::string password = "correct horse 7";

std::vector<std::string> tlsOptions(bool implicit = false)
{
    const auto& certificate = Certificate::instance();
    std::vector<std::string> options{"--tls-cert", certificate.certFile(), "--tls-key", certificate.keyFile(),
                                     "--auth",     "lab:" + password,      "--refuse",  "refused.example",
                                     "--defer",    "busy.example"};
    options.push_back(implicit ? "--implicit-tls" : "--require-tls");
    return options;
}

EmailSettings settingsFor(int port, Security security)
{
    EmailSettings s;
    s.port = static_cast<std::uint16_t>(port);
    s.security = security;
    s.heloName = "portal.lab.test";
    s.timeoutSeconds = 5;
    if (security != Security::None) {
        s.caFile = Certificate::instance().certFile();
        s.username = "lab";
        s.password = password;
    }
    return s;
}

OutgoingMessage message(const std::string& id, const std::string& address = "dr@clinic.example")
{
    OutgoingMessage m;
    m.id = id;
    m.address = address;
    m.recipientName = "Dr Salem";
    m.language = "en";
    m.subject = "Case TR-260512-1A4F is ready";
    m.text = "Your case is ready.";
    m.html = "<p>Your case is ready.</p>";
    return m;
}

// What send() threw: "permanent: ...", "temporary: ..." or "sent".
std::string outcome(SmtpChannel& channel, const OutgoingMessage& m)
{
    try {
        channel.send(m);
    } catch (const PermanentError& e) {
        return std::string("permanent: ") + e.what();
    } catch (const std::exception& e) {
        return std::string("temporary: ") + e.what();
    }
    return "sent";
}

// The kept message whose Message-ID is `id`, parsed; empty headers when none.
ParsedMail findMail(const SmtpSink& sink, const std::string& id)
{
    for (int n = sink.count(); n >= 1; --n) {
        ParsedMail mail = parseMail(sink.eml(n));
        if (mail.header("Message-ID") == id)
            return mail;
    }
    return {};
}

} // namespace

class SmtpChannelTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SmtpChannelTest);
    CPPUNIT_TEST(testConformance);
    CPPUNIT_TEST(testStartTlsAndLogin);
    CPPUNIT_TEST(testImplicitTls);
    CPPUNIT_TEST(testPlainRelay);
    CPPUNIT_TEST(testNoLoginWithoutTlsUnlessAllowed);
    CPPUNIT_TEST(testWrongPasswordIsTemporary);
    CPPUNIT_TEST(testStartTlsNotOffered);
    CPPUNIT_TEST(testUntrustedCertificate);
    CPPUNIT_TEST(testRefusedRecipientIsPermanent);
    CPPUNIT_TEST(testDeferredRecipientIsTemporary);
    CPPUNIT_TEST(testLoginRequiredIsTemporary);
    CPPUNIT_TEST(testSilentServerTimesOut);
    CPPUNIT_TEST(testAsReceived);
    CPPUNIT_TEST_SUITE_END();

public:
    void testConformance()
    {
        SmtpSink sink(tlsOptions());
        SmtpChannel channel(settingsFor(sink.port(), Security::StartTls));
        molar::sdk::testing::NotificationChannelConformanceOptions options;
        options.address = "dr@clinic.example";
        options.refusedAddress = "nobody@refused.example";
        options.received = [&](const OutgoingMessage& sent, const std::string& providerId) {
            ParsedMail mail = findMail(sink, providerId);
            return mail.header("To") == "Conformance Check <" + sent.address + ">" &&
                   mail.header("Subject") == sent.subject && mail.parts.size() == 2 &&
                   mail.parts[0].body == sent.text && mail.parts[1].body == sent.html;
        };
        options.setProviderDown = [&](bool down) { down ? sink.stop() : sink.start(); };
        const auto failures = molar::sdk::testing::checkNotificationChannel(channel, options);
        std::string all;
        for (const auto& failure : failures)
            all += "\n  " + failure;
        CPPUNIT_ASSERT_MESSAGE("conformance failures:" + all, failures.empty());
    }

    void testStartTlsAndLogin()
    {
        SmtpSink sink(tlsOptions());
        SmtpChannel channel(settingsFor(sink.port(), Security::StartTls));
        CPPUNIT_ASSERT_EQUAL(std::string("<molar.m1@lab.example>"), channel.send(message("m1")));
        CPPUNIT_ASSERT_EQUAL(1, sink.count());
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"mailFrom": "noreply@lab.example", "rcptTos": ["dr@clinic.example"], )"
                        R"("authenticatedAs": "lab"})"),
            sink.envelope(1));
    }

    void testImplicitTls()
    {
        SmtpSink sink(tlsOptions(true));
        SmtpChannel channel(settingsFor(sink.port(), Security::Tls));
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), outcome(channel, message("m2")));
        MOLAR_ASSERT_CONTAINS("\"authenticatedAs\": \"lab\"", sink.envelope(1));
        // STARTTLS on a port that speaks TLS at once fails, and is retried.
        EmailSettings settings = settingsFor(sink.port(), Security::StartTls);
        settings.timeoutSeconds = 1; // both sides wait for the other to speak first
        SmtpChannel wrong(settings);
        MOLAR_ASSERT_CONTAINS("temporary: ", outcome(wrong, message("m3")));
    }

    void testPlainRelay()
    {
        SmtpSink sink;
        SmtpChannel channel(settingsFor(sink.port(), Security::None));
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), outcome(channel, message("m4")));
        MOLAR_ASSERT_CONTAINS("\"authenticatedAs\": null", sink.envelope(1));
    }

    void testNoLoginWithoutTlsUnlessAllowed()
    {
        SmtpSink sink({"--auth", "lab:" + password});
        EmailSettings settings = settingsFor(sink.port(), Security::None);
        settings.username = "lab";
        settings.password = password;
        SmtpChannel refusing(settings);
        const std::string result = outcome(refusing, message("m4a"));
        MOLAR_ASSERT_CONTAINS("permanent: ", result);
        MOLAR_ASSERT_CONTAINS("without TLS", result);
        CPPUNIT_ASSERT_EQUAL(0, sink.count());
        // A relay on this machine, said explicitly.
        settings.allowPlainAuth = true;
        SmtpChannel local(settings);
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), outcome(local, message("m4b")));
        MOLAR_ASSERT_CONTAINS("\"authenticatedAs\": \"lab\"", sink.envelope(1));
    }

    void testWrongPasswordIsTemporary()
    {
        SmtpSink sink(tlsOptions());
        EmailSettings settings = settingsFor(sink.port(), Security::StartTls);
        settings.password = "wrong-password-91";
        SmtpChannel channel(settings);
        const std::string result = outcome(channel, message("m5"));
        MOLAR_ASSERT_CONTAINS("temporary: SMTP server 127.0.0.1:" + std::to_string(sink.port()) +
                                  " refused the login for user lab",
                              result);
        MOLAR_ASSERT_CONTAINS("535", result);
        MOLAR_ASSERT_NOT_CONTAINS("wrong-password-91", result);
        CPPUNIT_ASSERT_EQUAL(0, sink.count());
    }

    void testStartTlsNotOffered()
    {
        SmtpSink sink;
        EmailSettings settings = settingsFor(sink.port(), Security::StartTls);
        settings.username.clear();
        settings.password.clear();
        SmtpChannel channel(settings);
        MOLAR_ASSERT_CONTAINS("temporary: SMTP server 127.0.0.1:" + std::to_string(sink.port()) +
                                  " does not offer STARTTLS",
                              outcome(channel, message("m6")));
        CPPUNIT_ASSERT_EQUAL(0, sink.count());
    }

    void testUntrustedCertificate()
    {
        SmtpSink sink(tlsOptions());
        EmailSettings settings = settingsFor(sink.port(), Security::StartTls);
        settings.caFile.clear();
        SmtpChannel untrusted(settings);
        MOLAR_ASSERT_CONTAINS("temporary: TLS with SMTP server 127.0.0.1:",
                              outcome(untrusted, message("m7")));
        CPPUNIT_ASSERT_EQUAL(0, sink.count());
        settings.verifyCertificate = false;
        SmtpChannel unchecked(settings);
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), outcome(unchecked, message("m8")));
    }

    void testRefusedRecipientIsPermanent()
    {
        SmtpSink sink(tlsOptions());
        SmtpChannel channel(settingsFor(sink.port(), Security::StartTls));
        const std::string result = outcome(channel, message("m9", "nobody@refused.example"));
        MOLAR_ASSERT_CONTAINS("permanent: SMTP server 127.0.0.1:", result);
        MOLAR_ASSERT_CONTAINS("nobody@refused.example", result);
        MOLAR_ASSERT_CONTAINS("550 5.1.1 mailbox unavailable", result);
        MOLAR_ASSERT_CONTAINS("permanent: 'dr@clinic' is not an email address",
                              outcome(channel, message("m10", "dr@clinic")));
        CPPUNIT_ASSERT_EQUAL(0, sink.count());
    }

    void testDeferredRecipientIsTemporary()
    {
        // 451: the server cannot take it now; the outbox tries again later.
        SmtpSink sink(tlsOptions());
        SmtpChannel channel(settingsFor(sink.port(), Security::StartTls));
        const std::string result = outcome(channel, message("m16", "dr@busy.example"));
        MOLAR_ASSERT_CONTAINS("temporary: SMTP server 127.0.0.1:", result);
        MOLAR_ASSERT_CONTAINS("451 4.3.0 try again later", result);
        CPPUNIT_ASSERT_EQUAL(0, sink.count());
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), outcome(channel, message("m17")));
    }

    void testLoginRequiredIsTemporary()
    {
        // 530 to MAIL: the settings lack the login, which an operator can add.
        SmtpSink sink({"--auth", "lab:" + password});
        SmtpChannel channel(settingsFor(sink.port(), Security::None));
        const std::string result = outcome(channel, message("m13"));
        MOLAR_ASSERT_CONTAINS("temporary: SMTP server 127.0.0.1:", result);
        MOLAR_ASSERT_CONTAINS("530", result);
    }

    void testSilentServerTimesOut()
    {
        // A listening socket nobody accepts from: the connection is made, no greeting comes.
        Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0));
        EmailSettings settings = settingsFor(silent.address().port(), Security::None);
        settings.timeoutSeconds = 1;
        SmtpChannel channel(settings);
        MOLAR_ASSERT_CONTAINS("temporary: SMTP server 127.0.0.1:" + std::to_string(silent.address().port()) +
                                  " did not answer within 1 s while greeting",
                              outcome(channel, message("m11")));
        silent.close();
        MOLAR_ASSERT_CONTAINS("refused the connection", outcome(channel, message("m12")));
    }

    void testAsReceived()
    {
        SmtpSink sink(tlsOptions());
        SmtpChannel channel(settingsFor(sink.port(), Security::StartTls));
        OutgoingMessage m = message("7f3a-01");
        m.recipientName = "د. سالم";
        m.language = "ar";
        m.subject = "الحالة TR-260512-1A4F جاهزة للشحن، وستصل إلى العيادة صباح يوم الأحد";
        m.text = "حالتك جاهزة.\n.\n.A line that starts with a dot\r\nTrack it: "
                 "https://lab.example/track/TR-260512-1A4F";
        m.html = "<p dir=\"rtl\">حالتك <strong>جاهزة</strong>.</p>";
        m.settingsUrl = "https://lab.example/profile/notifications";
        const std::string id = channel.send(m);
        CPPUNIT_ASSERT_EQUAL(std::string("<molar.7f3a-01@lab.example>"), id);
        // A retry of the same message carries the same Message-ID.
        CPPUNIT_ASSERT_EQUAL(id, channel.send(m));

        ParsedMail mail = parseMail(sink.eml(1));
        // Only CR LF line ends on the wire.
        for (std::size_t at = mail.raw.find('\n'); at != std::string::npos; at = mail.raw.find('\n', at + 1))
            CPPUNIT_ASSERT_MESSAGE("bare LF at " + std::to_string(at), at > 0 && mail.raw[at - 1] == '\r');
        CPPUNIT_ASSERT_EQUAL(id, mail.header("Message-ID"));
        CPPUNIT_ASSERT_EQUAL(id, parseMail(sink.eml(2)).header("Message-ID"));
        CPPUNIT_ASSERT_EQUAL(m.subject, decodeWords(mail.header("Subject")));
        CPPUNIT_ASSERT_EQUAL(std::string("د. سالم <dr@clinic.example>"), decodeWords(mail.header("To")));
        CPPUNIT_ASSERT_EQUAL(std::string("Molar Dental Lab <noreply@lab.example>"), mail.header("From"));
        CPPUNIT_ASSERT_EQUAL(std::string("auto-generated"), mail.header("Auto-Submitted"));
        CPPUNIT_ASSERT_EQUAL(std::string("ar"), mail.header("Content-Language"));
        CPPUNIT_ASSERT_EQUAL("<" + m.settingsUrl + ">", mail.header("List-Unsubscribe"));
        MOLAR_ASSERT_CONTAINS("multipart/alternative", mail.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), mail.parts.size());
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; charset=UTF-8"), mail.parts[0].contentType);
        CPPUNIT_ASSERT_EQUAL(withLf(m.text), mail.parts[0].body);
        CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=UTF-8"), mail.parts[1].contentType);
        CPPUNIT_ASSERT_EQUAL(m.html, mail.parts[1].body);

        // A message the recipient cannot turn off has no List-Unsubscribe; text alone is one part.
        m.id = "7f3a-02";
        m.settingsUrl.clear();
        m.html.clear();
        CPPUNIT_ASSERT_EQUAL(std::string("<molar.7f3a-02@lab.example>"), channel.send(m));
        ParsedMail plain = parseMail(sink.eml(3));
        CPPUNIT_ASSERT(!plain.has("List-Unsubscribe"));
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; charset=UTF-8"), plain.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(withLf(m.text), plain.parts.at(0).body);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SmtpChannelTest);

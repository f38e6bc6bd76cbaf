// Chat messages over HTTP: the text is read no further than a message may be
// long, one text part per message, attachments counted against the request's cap,
// and a refused message stores neither text nor files.
#include "CasesPortal.h"

using namespace molar::test;

class ChatTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ChatTest);
    CPPUNIT_TEST(messageOfFullLengthInArabicIsKeptWhole);
    CPPUNIT_TEST(longerMessageIsRefused);
    CPPUNIT_TEST(secondTextPartIsRefused);
    CPPUNIT_TEST(messageWithAttachmentsIsStoredTogether);
    CPPUNIT_TEST(attachmentsPastTheCapStoreNothing);
    CPPUNIT_TEST_SUITE_END();

    struct Chat
    {
        explicit Chat(DemoPortal::Settings settings = {}) : cases(std::move(settings))
        {
            dentist = cases.pearlDentist();
            id = cases.completeCrownDraft(*dentist, "P-300");
            cases.submit(*dentist, id);
            path = "/cases/" + std::to_string(id) + "/messages";
        }
        std::size_t messages()
        {
            return cases.db().query("SELECT id FROM cases_messages WHERE case_id = ?", {id}).size();
        }
        std::size_t files()
        {
            return cases.db().query("SELECT id FROM cases_files WHERE case_id = ?", {id}).size();
        }

        CasesPortal cases;
        std::unique_ptr<HttpBrowser> dentist;
        std::int64_t id = 0;
        std::string path;
    };

    static std::string arabic(std::size_t characters)
    {
        std::string text;
        for (std::size_t i = 0; i < characters; ++i)
            text += "\xD8\xB3"; // two bytes each
        return text;
    }

public:
    void messageOfFullLengthInArabicIsKeptWhole()
    {
        Chat chat;
        const std::string text = arabic(5000);
        const Answer sent = postParts(*chat.dentist, chat.path, {{"body", "", text}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(sent.body, 303, sent.status);
        auto row = chat.cases.db().query("SELECT body FROM cases_messages WHERE case_id = ?", {chat.id});
        CPPUNIT_ASSERT(row.get(0, "body").toString() == text);
    }

    void longerMessageIsRefused()
    {
        Chat chat;
        const Answer oneMore = postParts(*chat.dentist, chat.path, {{"body", "", arabic(5001)}});
        CPPUNIT_ASSERT_EQUAL(413, oneMore.status);
        MOLAR_ASSERT_CONTAINS("at most 5000 characters", oneMore.body);
        // Far past the limit: refused once the limit is passed, whatever follows.
        const Answer huge =
            postParts(*chat.dentist, chat.path, {{"body", "", std::string(1024 * 1024, 'a')}});
        CPPUNIT_ASSERT_EQUAL(413, huge.status);
        MOLAR_ASSERT_CONTAINS("at most 5000 characters", huge.body);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), chat.messages());
    }

    void secondTextPartIsRefused()
    {
        Chat chat;
        const Answer twice =
            postParts(*chat.dentist, chat.path, {{"body", "", "first"}, {"body", "", "second"}});
        CPPUNIT_ASSERT_EQUAL(400, twice.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), chat.messages());
    }

    void messageWithAttachmentsIsStoredTogether()
    {
        Chat chat;
        const Answer sent = postParts(*chat.dentist, chat.path,
                                      {{"body", "", "Two more scans"},
                                       {"attachment", "a.stl", binaryStl(3)},
                                       {"attachment", "b.stl", binaryStl(4)}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(sent.body, 303, sent.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), chat.messages());
        auto rows = chat.cases.db().query(
            "SELECT f.id FROM cases_files f JOIN cases_messages m ON m.id = f.message_id WHERE f.case_id = ?",
            {chat.id});
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows.size());
    }

    void attachmentsPastTheCapStoreNothing()
    {
        Chat chat(DemoPortal::Settings{{"cases.files.maxPerRequest", "1"}});
        const Answer refused = postParts(*chat.dentist, chat.path,
                                         {{"body", "", "Two more scans"},
                                          {"attachment", "a.stl", binaryStl(3)},
                                          {"attachment", "b.stl", binaryStl(4)}});
        CPPUNIT_ASSERT_EQUAL(413, refused.status);
        MOLAR_ASSERT_CONTAINS("At most 1 files can be sent at once", refused.body);
        // A damaged attachment refuses the message too, by the file's name.
        const Answer damaged =
            postParts(*chat.dentist, chat.path,
                      {{"body", "", "A photo"}, {"attachment", "eight.png", "\x89PNG\r\n\x1A\n"}});
        CPPUNIT_ASSERT_EQUAL(415, damaged.status);
        MOLAR_ASSERT_CONTAINS("eight.png: This photo is damaged", damaged.body);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), chat.messages());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), chat.files());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ChatTest);

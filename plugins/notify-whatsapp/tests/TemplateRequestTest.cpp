// The body of a template message, byte for byte, and which addresses it takes.
#include "TemplateRequest.h"

#include "molar/sdk/Errors.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::whatsapp;

class TemplateRequestTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TemplateRequestTest);
    CPPUNIT_TEST(testShapeAsDocumented);
    CPPUNIT_TEST(testNoParametersNoComponents);
    CPPUNIT_TEST(testParametersAreEscaped);
    CPPUNIT_TEST(testParameterText);
    CPPUNIT_TEST(testRecipientDigits);
    CPPUNIT_TEST(testMalformedNumbersArePermanent);
    CPPUNIT_TEST_SUITE_END();

public:
    void testShapeAsDocumented()
    {
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"({"messaging_product":"whatsapp","recipient_type":"individual","to":"97455512345","type":"template",)"
                R"("template":{"name":"case_ready","language":{"code":"en_US"},)"
                R"("components":[{"type":"body","parameters":[{"type":"text","text":"C-123"}]}]}})"),
            templateRequestBody("97455512345", "case_ready", "en_US", {"C-123"}));
    }

    void testNoParametersNoComponents()
    {
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"({"messaging_product":"whatsapp","recipient_type":"individual","to":"97455512345","type":"template",)"
                R"("template":{"name":"hello_world","language":{"code":"en_US"}}})"),
            templateRequestBody("97455512345", "hello_world", "en_US", {}));
    }

    void testParametersAreEscaped()
    {
        const std::vector<std::string> parameters{"Dr \"Ali\"\nline two",
                                                  "\xd8\xaa\xd8\xac\xd8\xb1\xd8\xa8\xd8\xa9", "back\\slash"};
        const std::string body = templateRequestBody("97455512345", "case_ready", "ar", parameters);
        Poco::JSON::Parser parser;
        auto root = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
        auto list = root->getObject("template")->getArray("components")->getObject(0)->getArray("parameters");
        CPPUNIT_ASSERT_EQUAL(parameters.size(), list->size());
        for (unsigned i = 0; i < parameters.size(); ++i)
            CPPUNIT_ASSERT_EQUAL(parameters[i], list->getObject(i)->getValue<std::string>("text"));
    }

    void testParameterText()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("Shade A2, not A3. Please confirm"),
                             parameterText("Shade A2,\r\nnot A3.\tPlease      confirm\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("TR-260101-1A4F"), parameterText("TR-260101-1A4F"));
        CPPUNIT_ASSERT_EQUAL(std::string("\xd8\xac\xd8\xa7\xd9\x87\xd8\xb2"),
                             parameterText("  \xd8\xac\xd8\xa7\xd9\x87\xd8\xb2  "));
    }

    void testRecipientDigits()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("97455512345"), recipientDigits("+97455512345"));
        CPPUNIT_ASSERT_EQUAL(std::string("12345678"), recipientDigits("+12345678"));
        CPPUNIT_ASSERT_EQUAL(std::string("123456789012345"), recipientDigits("+123456789012345"));
    }

    void testMalformedNumbersArePermanent()
    {
        for (const std::string bad :
             {"", "+", "97455512345", "+1234567", "+1234567890123456", "+974 5551 2345", "+97455512345x",
              "+97455512345\r\n", "0097455512345", "++97455512345"})
            CPPUNIT_ASSERT_THROW_MESSAGE(bad, recipientDigits(bad), molar::sdk::PermanentError);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TemplateRequestTest);

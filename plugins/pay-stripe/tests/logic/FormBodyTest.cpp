// Stripe's form encoding: bracketed keys as they are, every value percent-encoded.
#include "FormBody.h"

#include <cppunit/extensions/HelperMacros.h>

using molar::paystripe::FormBody;
using molar::paystripe::formEncode;

class FormBodyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FormBodyTest);
    CPPUNIT_TEST(testNestedKeysKeepTheirBrackets);
    CPPUNIT_TEST(testValuesAreEncoded);
    CPPUNIT_TEST(testNumbersAndBooleans);
    CPPUNIT_TEST(testUtf8IsEncodedByteByByte);
    CPPUNIT_TEST(testBracketsInValuesAreEncoded);
    CPPUNIT_TEST(testSetReplacesAField);
    CPPUNIT_TEST_SUITE_END();

public:
    void testNestedKeysKeepTheirBrackets()
    {
        FormBody form;
        form.add("mode", "payment")
            .add("line_items[0][price_data][currency]", "qar")
            .add("line_items[0][price_data][product_data][name]", "INV-2026-000042")
            .add("metadata[molar_attempt]", "att_1");
        CPPUNIT_ASSERT_EQUAL(std::string("mode=payment&line_items[0][price_data][currency]=qar&"
                                         "line_items[0][price_data][product_data][name]=INV-2026-000042&"
                                         "metadata[molar_attempt]=att_1"),
                             form.encoded());
    }

    void testValuesAreEncoded()
    {
        FormBody form;
        form.add("success_url", "https://lab.example/pay?x=1&y=a b+c/{CHECKOUT_SESSION_ID}");
        CPPUNIT_ASSERT_EQUAL(
            std::string("success_url=https%3A%2F%2Flab.example%2Fpay%3Fx%3D1%26y%3Da%20b%2Bc%2F%7BCHECKOUT_"
                        "SESSION_ID%7D"),
            form.encoded());
        CPPUNIT_ASSERT_EQUAL(std::string("a-b_c.d~e"), formEncode("a-b_c.d~e"));
    }

    void testNumbersAndBooleans()
    {
        FormBody form;
        form.add("amount", std::int64_t{123457})
            .add("confirm", true)
            .add("off_session", false)
            .add("quantity", 1);
        CPPUNIT_ASSERT_EQUAL(std::string("amount=123457&confirm=true&off_session=false&quantity=1"),
                             form.encoded());
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), form.fields().size());
    }

    void testUtf8IsEncodedByteByByte()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("%D9%81%D8%A7%D8%AA%D9%88%D8%B1%D8%A9"), formEncode("فاتورة"));
        CPPUNIT_ASSERT_EQUAL(std::string("Caf%C3%A9"), formEncode("Café"));
    }

    void testBracketsInValuesAreEncoded()
    {
        FormBody form;
        form.add("metadata[note]", "a[0]=b");
        CPPUNIT_ASSERT_EQUAL(std::string("metadata[note]=a%5B0%5D%3Db"), form.encoded());
        CPPUNIT_ASSERT(FormBody().encoded().empty());
    }

    void testSetReplacesAField()
    {
        FormBody form;
        form.add("mode", "payment").add("customer", "cus_old").add("confirm", true);
        CPPUNIT_ASSERT_EQUAL(std::string("cus_old"), form.value("customer"));
        form.set("customer", "cus_new");
        CPPUNIT_ASSERT_EQUAL(std::string("mode=payment&customer=cus_new&confirm=true"), form.encoded());
        form.set("locale", "fr");
        CPPUNIT_ASSERT_EQUAL(std::string("fr"), form.value("locale"));
        CPPUNIT_ASSERT(form.value("absent").empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FormBodyTest);

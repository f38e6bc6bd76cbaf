// A form's text part is read no further than its limit allows: a message part of
// any length costs at most limit + 1 bytes of memory, and a longer one is refused.
#include "web/TextPart.h"
#include "CaseCaller.h"

#include <cppunit/extensions/HelperMacros.h>

#include <istream>
#include <sstream>
#include <streambuf>

using molar::cases::CaseRefusal;
using molar::cases::countCharacters;
using molar::cases::readTextPart;

namespace {

// An endless part: 'a's handed out a block at a time, counting what was taken.
class EndlessPart : public std::streambuf
{
public:
    std::size_t served() const { return _served; }

protected:
    int_type underflow() override
    {
        _block.assign(16, 'a');
        _served += _block.size();
        setg(_block.data(), _block.data(), _block.data() + _block.size());
        return traits_type::to_int_type(_block[0]);
    }

private:
    std::string _block;
    std::size_t _served = 0;
};

} // namespace

class TextPartTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TextPartTest);
    CPPUNIT_TEST(testEndlessPartIsRefusedAfterLimitPlusOne);
    CPPUNIT_TEST(testPartUpToTheLimitIsRead);
    CPPUNIT_TEST(testCharactersAreCountedNotBytes);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEndlessPartIsRefusedAfterLimitPlusOne()
    {
        EndlessPart part;
        std::istream in(&part);
        try {
            readTextPart(in, 1000, "cases.error.messageTooLong");
            CPPUNIT_FAIL("an endless part was accepted");
        } catch (const CaseRefusal& refusal) {
            CPPUNIT_ASSERT_EQUAL(413, refusal.status());
            CPPUNIT_ASSERT_EQUAL(std::string("cases.error.messageTooLong"), refusal.key());
        }
        // 1001 bytes asked for, handed out in blocks of 16.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1008), part.served());
    }

    void testPartUpToTheLimitIsRead()
    {
        std::istringstream exact(std::string(1000, 'x'));
        CPPUNIT_ASSERT_EQUAL(std::string(1000, 'x'), readTextPart(exact, 1000, "too long"));
        std::istringstream empty("");
        CPPUNIT_ASSERT_EQUAL(std::string(), readTextPart(empty, 1000, "too long"));
        std::istringstream over(std::string(1001, 'x'));
        CPPUNIT_ASSERT_THROW(readTextPart(over, 1000, "too long"), CaseRefusal);
    }

    void testCharactersAreCountedNotBytes()
    {
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), countCharacters("hello"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), countCharacters("مرحبا"));                        // 10 bytes
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), countCharacters("\xF0\x9F\xA6\xB7\xE2\x82\xAC")); // tooth, euro
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TextPartTest);

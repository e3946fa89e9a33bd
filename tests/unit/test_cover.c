/* test_cover.c - the cover's arithmetic: ISBN-13 check digits (every
 * wrong last digit of a good ISBN refused, ISBN-10s answered with their
 * ISBN-13, grouping by hyphens or spaces accepted), and the spine's width
 * (ceil(pages / 2) leaves of the caliper, plus the allowance). */
#include <stdio.h>
#include <string.h>

#include "compose/cover.h"
#include "input/isbn.h"
#include "testhelp.h"

TEST(good_isbns)
{
    char d[14], why[256];
    CHECK_EQ_INT(isbn_parse("978-956-0000-00-2", d, why, sizeof why), 0);
    CHECK_EQ_STR(d, "9789560000002");
    CHECK_EQ_INT(isbn_parse("978 1 950000 12 8", d, why, sizeof why), 0);
    CHECK_EQ_STR(d, "9781950000128");
    CHECK_EQ_INT(isbn_parse("9780306406157", d, why, sizeof why), 0);
    CHECK_EQ_INT(isbn_parse("979-10-90636-07-1", d, why, sizeof why), 0);
    CHECK_EQ_INT(isbn13_check_digit("978030640615"), '7');
}

/* every other last digit of a good ISBN is refused, naming the right one */
TEST(every_wrong_check_digit)
{
    char d[14], why[256], isbn[32], want[128];
    for (char c = '0'; c <= '9'; c++) {
        snprintf(isbn, sizeof isbn, "978-956-7012-34-%c", c);
        int rc = isbn_parse(isbn, d, why, sizeof why);
        if (c == '3') CHECK_EQ_INT(rc, 0);
        else {
            CHECK_EQ_INT(rc, -1);
            snprintf(want, sizeof want, "the check digit of \"%s\" is %c; with these first twelve digits it must be 3",
                     isbn, c);
            CHECK_EQ_STR(why, want);
        }
    }
}

TEST(not_isbn13s)
{
    char d[14], why[256];
    CHECK_EQ_INT(isbn_parse("0-306-40615-2", d, why, sizeof why), -1);
    CHECK_EQ_STR(why, "\"0-306-40615-2\" is an ISBN-10: give the ISBN-13, 9780306406157, which the barcode needs");
    CHECK_EQ_INT(isbn_parse("0-306-40615-X", d, why, sizeof why), -1);
    CHECK(strstr(why, "is not one either") != NULL);
    CHECK_EQ_INT(isbn_parse("978-956-0000-0A-2", d, why, sizeof why), -1);
    CHECK_EQ_STR(why, "an ISBN holds digits, grouped by hyphens or spaces, and \"978-956-0000-0A-2\" has \"A\"");
    CHECK_EQ_INT(isbn_parse("978-956-0000-00", d, why, sizeof why), -1);
    CHECK_EQ_STR(why, "\"978-956-0000-00\" has 12 digits: an ISBN-13 has 13");
    CHECK_EQ_INT(isbn_parse("", d, why, sizeof why), -1);
    CHECK_EQ_STR(why, "\"\" has 0 digits: an ISBN-13 has 13");
    CHECK_EQ_INT(isbn_parse("977-956-0000-00-2", d, why, sizeof why), -1);
    CHECK_EQ_STR(why, "\"977-956-0000-00-2\" begins 977: an ISBN-13 begins 978 or 979");
    CHECK_EQ_INT(isbn_parse("978-0-306-40615-X", d, why, sizeof why), -1);
    CHECK_EQ_STR(d, "");
}

TEST(spine_width)
{
    layout_cover c;
    memset(&c, 0, sizeof c);
    c.caliper = FO_MM(0.1);
    c.allowance = FO_MM(1);
    CHECK_EQ_INT(cover_spine_width(&c, 84), 42 * FO_MM(0.1) + FO_MM(1));
    CHECK_EQ_INT(cover_spine_width(&c, 85), 43 * FO_MM(0.1) + FO_MM(1)); /* an odd page still takes a leaf */
    CHECK_EQ_INT(cover_spine_width(&c, 1), FO_MM(0.1) + FO_MM(1));
    c.allowance = 0;
    CHECK_EQ_INT(cover_spine_width(&c, 0), 0);
    CHECK_EQ_INT(cover_spine_width(&c, 400), 200 * FO_MM(0.1));
}

int main(void)
{
    RUN(good_isbns);
    RUN(every_wrong_check_digit);
    RUN(not_isbn13s);
    RUN(spine_width);
    return TEST_REPORT();
}

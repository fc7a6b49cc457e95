import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PricingServiceTest {
    private final PricingService service = new PricingService();

    private static Order order(String tier, String coupon, OrderLine... lines) {
        return new Order(tier, List.of(lines), coupon);
    }

    @Test
    void standardOrderPaysShipping() {
        Quote quote = service.quote(order("standard", null, new OrderLine("MUG", 1250, 2)));
        assertEquals(new Quote(2500, 0, 499, 2999), quote);
    }

    @Test
    void subtotalSumsEveryLine() {
        Quote quote = service.quote(order("standard", null, new OrderLine("MUG", 1250, 2),
                new OrderLine("TEA", 399, 3), new OrderLine("CARD", 100, 1)));
        assertEquals(3797, quote.subtotalCents());
    }

    @ParameterizedTest
    @CsvSource({"gold, 10000, 1000", "silver, 10000, 500", "standard, 10000, 0", "gold, 999, 99", "silver, 1999, 99"})
    void tierDiscountRoundsDown(String tier, long price, long discount) {
        assertEquals(discount, service.quote(order(tier, null, new OrderLine("X", price, 1))).discountCents());
    }

    @Test
    void freeShippingFromFiftyAfterDiscounts() {
        assertEquals(0, service.quote(order("standard", null, new OrderLine("X", 5000, 1))).shippingCents());
        assertEquals(499, service.quote(order("gold", null, new OrderLine("X", 5000, 1))).shippingCents());
        assertEquals(499, service.quote(order("standard", null, new OrderLine("X", 4999, 1))).shippingCents());
    }

    @Test
    void couponTakesFiveOffAfterTheTierDiscount() {
        Quote quote = service.quote(order("silver", "SAVE5", new OrderLine("X", 2000, 1)));
        assertEquals(new Quote(2000, 600, 499, 1899), quote);
    }

    @Test
    void couponNeverMakesTheOrderNegative() {
        Quote quote = service.quote(order("standard", "SAVE5", new OrderLine("PIN", 300, 1)));
        assertEquals(new Quote(300, 300, 499, 499), quote);
    }

    @Test
    void unknownCouponIsIgnored() {
        assertEquals(0, service.quote(order("standard", "FREE", new OrderLine("X", 2000, 1))).discountCents());
    }

    @Test
    void invalidOrdersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> service.quote(order("standard", null)));
        assertThrows(IllegalArgumentException.class,
                () -> service.quote(order("standard", null, new OrderLine("X", 100, 0))));
        assertThrows(IllegalArgumentException.class,
                () -> service.quote(order("platinum", null, new OrderLine("X", 100, 1))));
    }

    @Test
    void largeOrdersDoNotOverflowInt() {
        Quote quote = service.quote(order("gold", null, new OrderLine("SERVER", 1_500_000_00L, 30)));
        assertEquals(4_500_000_000L, quote.subtotalCents());
        assertEquals(4_050_000_000L, quote.totalCents());
    }
}

/** Prices orders for the checkout service. See the statement for the rules. */
public class PricingService {
    public Quote quote(Order order) {
        // TODO
        return new Quote(-1, -1, -1, -1);
    }
}

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.StringTokenizer;

public class Main {
    static BufferedReader in;
    static StringTokenizer st;

    static String next() throws IOException {
        while (st == null || !st.hasMoreTokens()) st = new StringTokenizer(in.readLine());
        return st.nextToken();
    }

    public static void main(String[] args) throws IOException {
        in = new BufferedReader(new InputStreamReader(System.in), 1 << 16);
        int n = Integer.parseInt(next());
        for (int i = 0; i < n; i++) {
            String sku = next();
            long qty = Long.parseLong(next());
            // TODO: opening stock
        }
        int m = Integer.parseInt(next());
        for (int i = 0; i < m; i++) {
            String id = next(), kind = next(), arg = next(); // arg: the SKU, or the target of a VOID
            if (!kind.equals("VOID")) {
                long qty = Long.parseLong(next()); // "+5", "-3" for ADJUST
                // TODO: book the entry
            }
        }
        int k = Integer.parseInt(next());
        for (int i = 0; i < k; i++) {
            String sku = next();
            long qty = Long.parseLong(next());
            // TODO: physical count
        }
        System.out.println("TOTAL 0 0");
    }
}

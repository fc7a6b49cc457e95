import java.io.DataInputStream;
import java.io.IOException;

public class Main {
    static final long MOD = 1_000_000_007L;

    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(System.in, 1 << 16));
        int n = next(in), m = next(in);
        int[] from = new int[m], to = new int[m], minutes = new int[m];
        for (int i = 0; i < m; i++) { from[i] = next(in); to[i] = next(in); minutes[i] = next(in); }
        int k = next(in);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < k; i++) {
            int customer = next(in);
            // TODO: the fewest minutes from city 1 to the customer, and the number of such routes modulo MOD
            out.append("-1 0\n");
        }
        System.out.print(out);
    }

    static int next(DataInputStream in) throws IOException {
        int c = in.read();
        while (c < '0') c = in.read();
        int v = 0;
        while (c >= '0') { v = v * 10 + (c - '0'); c = in.read(); }
        return v;
    }
}

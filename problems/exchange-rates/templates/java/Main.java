import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int m = Integer.parseInt(in.readLine().trim());
        String[] from = new String[m], to = new String[m];
        double[] rate = new double[m];
        for (int i = 0; i < m; i++) {
            String[] f = in.readLine().split(" ");
            from[i] = f[0];
            to[i] = f[1];
            rate[i] = Double.parseDouble(f[2]);
        }
        int q = Integer.parseInt(in.readLine().trim());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < q; i++) {
            String[] query = in.readLine().split(" ");
            // TODO: ARBITRAGE if a cycle gains money; else the best rate, 1 for a currency to itself, -1 if none
            out.append("-1\n");
        }
        System.out.print(out);
    }
}

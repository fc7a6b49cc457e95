import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int n = Integer.parseInt(in.readLine().trim());
        List<List<String>> accounts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] f = in.readLine().split(" ");
            accounts.add(Arrays.asList(f).subList(2, f.length)); // f[0] is the name, f[1] is K
        }
        // TODO: group the accounts that share an address (case-insensitively, transitively)
        StringBuilder out = new StringBuilder().append(n).append('\n');
        for (int i = 0; i < n; i++) out.append(i + 1).append('\n');
        System.out.print(out);
    }
}

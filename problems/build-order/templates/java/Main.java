import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.StringTokenizer;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        StringTokenizer first = new StringTokenizer(in.readLine());
        int n = Integer.parseInt(first.nextToken()), m = Integer.parseInt(first.nextToken());
        String[] names = new String[n];
        for (int i = 0; i < n; i++) names[i] = in.readLine().trim();
        String[] a = new String[m], b = new String[m]; // a[k] needs b[k]
        for (int k = 0; k < m; k++) {
            StringTokenizer st = new StringTokenizer(in.readLine());
            a[k] = st.nextToken();
            b[k] = st.nextToken();
        }
        // TODO: print a build order, one name per line, or CYCLE and the targets of a cycle
        StringBuilder out = new StringBuilder();
        for (String name : names) out.append(name).append('\n');
        System.out.print(out);
    }
}
